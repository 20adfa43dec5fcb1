using System.Text;

namespace Atencion.CaseService.Hosting;

/// <summary>Reads a secret key from configuration: inline (base64) or from a file, never from the database.</summary>
public static class ConfiguredKey
{
    /// <summary>The key's bytes: <paramref name="inline"/> (base64) wins over the file named by <paramref name="fileEnv"/> or <paramref name="fileSetting"/>.</summary>
    public static byte[] Read(IConfiguration config, string inline, string fileEnv, string fileSetting, string what)
    {
        var text = config[inline];
        var file = config[fileEnv] ?? config[fileSetting];
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(file))
        {
            if (!File.Exists(file)) throw new InvalidOperationException($"The {what} file '{file}' does not exist (ops/run creates one under .data/).");
            text = File.ReadAllText(file).Trim();
        }
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidOperationException($"No {what}: set {inline} (base64) or {fileEnv}. ops/run creates a development key.");
        byte[] bytes;
        try { bytes = Convert.FromBase64String(text); }
        catch (FormatException) { bytes = Encoding.UTF8.GetBytes(text); }
        if (bytes.Length < 32) throw new InvalidOperationException($"The {what} must have at least 32 bytes.");
        return bytes;
    }
}
