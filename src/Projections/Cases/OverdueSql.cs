namespace Atencion.Projections.Cases;

/// <summary>
/// <see cref="Domain.Cases.Overdue"/> in SQL, for the tables that keep a case view with its columns <c>status</c>,
/// <c>due_date</c> and <c>view</c> (jsonb): the inline <c>atencion.case_views</c> and the case list's
/// <c>proj_case_search.cases</c>. Both conditions take the parameter <c>@today</c> (the entity's local date).
/// </summary>
public static class OverdueSql
{
    /// <summary>The answer's term passed: competent, open or in progress, due date before today.</summary>
    public const string Response =
        "(status in ('open', 'in-progress') and due_date < @today and coalesce((view ->> 'competent')::boolean, true))";

    /// <summary>The referral term passed: not competent, not referred, neither answered nor closed, referral due date before today.</summary>
    public const string Referral = """
        (status not in ('closed', 'answered') and (view ->> 'competent')::boolean = false and (view ->> 'referral') is null
         and (view ->> 'referralDueDate')::date < @today)
        """;

    /// <summary>Overdue: either term passed.</summary>
    public const string Overdue = $"({Response} or {Referral})";
}
