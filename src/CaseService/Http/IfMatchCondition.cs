namespace Atencion.CaseService.Http;

/// <summary>
/// The entity tags of an If-Match header, compared as RFC 9110 §13.1.1 says: the condition holds when one of them is a
/// strong tag identical, character for character, to the current ETag. Weak tags never match (If-Match uses the strong
/// comparison) and nothing is normalised, so <c>W/"2"</c>, <c>"02"</c> and <c>"+2"</c> do not match <c>"2"</c>.
/// </summary>
/// <param name="Header">The header as the caller sent it, for the 412's explanation.</param>
/// <param name="Tags">Its entity tags, each as written (<c>"2"</c>, <c>W/"2"</c>).</param>
public sealed record IfMatchCondition(string Header, IReadOnlyList<string> Tags)
{
    /// <summary>Whether a resource at this version satisfies the condition.</summary>
    public bool Matches(long version) => Tags.Contains(Versions.ETagOf(version), StringComparer.Ordinal);

    /// <summary>Whether the caller sent only weak tags, which If-Match never matches (worth saying in the 412).</summary>
    public bool OnlyWeak => Tags.All(t => t.StartsWith("W/", StringComparison.Ordinal));
}
