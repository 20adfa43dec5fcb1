namespace Atencion.Domain.Calendar;

/// <summary>The response term that applies to a request, in business days counted after the legal receipt date.</summary>
/// <param name="Type">The kind of request the term is for.</param>
/// <param name="Rule">The rule the term comes from, e.g. "Ley 1755 de 2015" or "Decreto 491 de 2020".</param>
/// <param name="BusinessDays">The business days to answer, possibly shortened by the entity; null when the type has no term.</param>
/// <param name="MaxExtendedBusinessDays">The most business days an extension (prórroga) may reach, counted from receipt; null when there is no term.</param>
/// <param name="ShortenedByEntity">Whether <paramref name="BusinessDays"/> is the entity's shorter term rather than the legal one.</param>
public sealed record LegalTerm(
    PqrsdType Type,
    string Rule,
    int? BusinessDays,
    int? MaxExtendedBusinessDays,
    bool ShortenedByEntity)
{
    /// <summary>Returns the date the answer is due, or null when the type has no term.</summary>
    public DateOnly? DueDate(BusinessCalendar calendar, DateOnly legalReceiptDate) =>
        BusinessDays is int days ? calendar.AddBusinessDays(legalReceiptDate, days) : null;

    /// <summary>Returns the latest date an extension may move the answer to, or null when the type has no term.</summary>
    public DateOnly? MaxExtendedDueDate(BusinessCalendar calendar, DateOnly legalReceiptDate) =>
        MaxExtendedBusinessDays is int days ? calendar.AddBusinessDays(legalReceiptDate, days) : null;
}
