using Atencion.Domain.Common;

namespace Atencion.Domain.Cases;

/// <summary>Refusals shared by the case commands, each naming the state that refused.</summary>
internal static class CaseRules
{
    public static void NotClosed(Case c, string what)
    {
        if (c.IsClosed) throw new RuleViolated($"Cannot {what}: the case is closed.", "closed");
    }

    public static void NotAnswered(Case c, string what)
    {
        if (c.Status == CaseStatus.Answered) throw new RuleViolated($"Cannot {what}: the case was already answered.", "answered");
    }

    public static string Status(Case c) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(c.Status.ToString());
}
