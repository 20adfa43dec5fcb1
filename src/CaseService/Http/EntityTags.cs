namespace Atencion.CaseService.Http;

/// <summary>The entity-tag grammar of RFC 9110 §8.8.3, for the lists that If-Match carries.</summary>
public static class EntityTags
{
    /// <summary>
    /// The tags of <c>#entity-tag</c> (<c>[W/]"opaque"</c>, comma-separated, blanks around commas and empty elements
    /// ignored), each as written; null, with the fault, when the text does not follow the grammar. <c>*</c> is not a tag.
    /// </summary>
    public static IReadOnlyList<string>? ParseList(string text, out string? fault)
    {
        var tags = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or ',') i++;
            if (i == text.Length) break;
            var start = i;
            if (string.CompareOrdinal(text, i, "W/", 0, 2) == 0) i += 2;
            if (i == text.Length || text[i] != '"')
                return Fail(out fault, $"at '{text[start..]}': an entity tag is a double-quoted value, optionally preceded by W/");
            for (i++; i < text.Length && text[i] != '"'; i++)
                if (!IsETagChar(text[i])) return Fail(out fault, $"the character U+{(int)text[i]:X4} is not allowed inside an entity tag");
            if (i == text.Length) return Fail(out fault, $"'{text[start..]}' has no closing quote");
            tags.Add(text[start..++i]);
            while (i < text.Length && text[i] is ' ' or '\t') i++;
            if (i < text.Length && text[i] != ',') return Fail(out fault, $"after {tags[^1]}: entity tags are separated by commas");
        }
        if (tags.Count == 0) return Fail(out fault, "it names no entity tag");
        fault = null;
        return tags;
    }

    // etagc = %x21 / %x23-7E / obs-text: visible characters except the double quote, and bytes 0x80-0xFF.
    private static bool IsETagChar(char c) => c is '\x21' or (>= '\x23' and <= '\x7E') or (>= '\x80' and <= '\xFF');

    private static IReadOnlyList<string>? Fail(out string? fault, string why)
    {
        fault = why;
        return null;
    }
}
