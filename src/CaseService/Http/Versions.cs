using Microsoft.Net.Http.Headers;

namespace Atencion.CaseService.Http;

/// <summary>Stream versions as HTTP entity tags: <c>ETag: "7"</c> on reads, <c>If-Match: "7"</c> on commands.</summary>
public static class Versions
{
    /// <summary>The If-Match version, null when absent; a malformed header is a validation error.</summary>
    public static long? IfMatch(HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(raw) || raw.Trim() == "*") return null; // "*": any current version
        var text = raw.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        text = text.Trim('"');
        if (long.TryParse(text, out var version) && version > 0) return version;
        throw new Domain.Common.ValidationFailed(new Dictionary<string, string[]>
        {
            [HeaderNames.IfMatch] = [$"'{raw}' is not a version; send the ETag you read, e.g. \"3\"."],
        });
    }

    /// <summary>Sets the ETag of a response to a version.</summary>
    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = $"\"{version}\"";
}
