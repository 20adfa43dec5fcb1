using MimeKit;

namespace Atencion.CaseService.Email;

/// <summary>Writes each message as <c>{email id}.eml</c> in a directory, where a person (or a relay that watches it) reads it.</summary>
/// <remarks>The file is written under a temporary name and then renamed, so a reader never sees half a message; a resend overwrites it.</remarks>
public sealed class PickupDirectoryTransport(EmailSettings settings) : IMailTransport
{
    /// <summary>The directory, made absolute against the working directory.</summary>
    public string Directory { get; } = Path.GetFullPath(settings.PickupDirectory);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = (message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0];
        var final = Path.Combine(Directory, $"{name}.eml");
        var temporary = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}.tmp");
        await using (var file = File.Create(temporary))
            await message.WriteToAsync(FormatOptions.Default, file, ct);
        File.Move(temporary, final, overwrite: true);
    }
}
