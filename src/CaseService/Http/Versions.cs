using Microsoft.Net.Http.Headers;

namespace Atencion.CaseService.Http;

/// <summary>Stream versions as HTTP entity tags: <c>ETag: "7"</c> on reads, <c>If-Match: "7"</c> on commands.</summary>
public static class Versions
{
    /// <summary>
    /// The If-Match condition, null when there is none (no header, or <c>*</c>: the resource exists, which the command checks
    /// anyway). A header that is not <c>*</c> or a comma-separated list of entity tags (RFC 9110 §8.8.3) is a validation
    /// error naming If-Match; a well-formed tag is never refused here, only compared (<see cref="IfMatchCondition"/>).
    /// </summary>
    public static IfMatchCondition? IfMatch(HttpRequest request)
    {
        // Several If-Match fields are one list (RFC 9110 §5.3).
        var raw = string.Join(", ", request.Headers.IfMatch.Where(v => !string.IsNullOrWhiteSpace(v)));
        if (raw.Length == 0 || raw.Trim() == "*") return null;
        var tags = EntityTags.ParseList(raw, out var fault);
        if (tags is null)
            throw new Domain.Common.ValidationFailed(new Dictionary<string, string[]>
            {
                [HeaderNames.IfMatch] = [$"'{raw}' is not * or a list of entity tags ({fault}); send the ETag you read, quotes included, e.g. \"3\"."],
            });
        return new IfMatchCondition(raw.Trim(), tags);
    }

    /// <summary>The ETag of a version: the number in double quotes, a strong entity tag.</summary>
    public static string ETagOf(long version) => $"\"{version}\"";

    /// <summary>Sets the ETag of a response to a version.</summary>
    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = ETagOf(version);
}
