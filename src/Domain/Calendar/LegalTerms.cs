namespace Atencion.Domain.Calendar;

/// <summary>The legal response terms for citizen requests, by type and by the rule in force on the filing date.</summary>
/// <remarks>
/// Ley 1755 de 2015 (art. 14) sets the general terms; Decreto 491 de 2020 (art. 5) lengthened them during the
/// COVID-19 emergency until Ley 2207 de 2022 repealed it; Ley 1581 de 2012 (arts. 14–15) sets the habeas data
/// terms, which the decree left untouched. An entity may shorten a term, never lengthen it.
/// </remarks>
public static class LegalTerms
{
    /// <summary>The name of the general rule on the right of petition.</summary>
    public const string Ley1755 = "Ley 1755 de 2015";

    /// <summary>The name of the emergency rule that lengthened terms from 2020-03-28 to 2022-05-17.</summary>
    public const string Decreto491 = "Decreto 491 de 2020";

    /// <summary>The name of the habeas data rule that governs personal-data queries and claims.</summary>
    public const string Ley1581 = "Ley 1581 de 2012";

    /// <summary>The first filing date under Decreto 491 de 2020.</summary>
    public static readonly DateOnly Decreto491From = new(2020, 3, 28);

    /// <summary>The last filing date under Decreto 491 de 2020, the day Ley 2207 de 2022 repealed it.</summary>
    public static readonly DateOnly Decreto491Until = new(2022, 5, 17);

    /// <summary>The business days an authority has to refer a request it is not competent for (Ley 1755 de 2015, art. 21).</summary>
    public const int ReferralBusinessDays = 5;

    /// <summary>Returns the legal term for a request of <paramref name="type"/> filed on <paramref name="filedOn"/>.</summary>
    public static LegalTerm TermFor(PqrsdType type, DateOnly filedOn) => TermFor(type, filedOn, null);

    /// <summary>Returns the term for a request of <paramref name="type"/> filed on <paramref name="filedOn"/>, applying the entity's <paramref name="overrides"/> only where they shorten the legal term.</summary>
    /// <remarks>
    /// An override that is not a positive number of days shorter than the legal term is ignored, so a term can
    /// never exceed the law; use <see cref="ValidateOverride"/> to reject such overrides when they are configured.
    /// The extension ceiling stays that of the legal term: the law sets it, not the entity's service level.
    /// </remarks>
    public static LegalTerm TermFor(PqrsdType type, DateOnly filedOn, IReadOnlyDictionary<PqrsdType, int>? overrides)
    {
        var legal = Legal(type, filedOn);
        if (overrides is not null
            && overrides.TryGetValue(type, out int days)
            && ValidateOverride(type, days, filedOn) is null)
        {
            return legal with { BusinessDays = days, ShortenedByEntity = true };
        }
        return legal;
    }

    /// <summary>Returns why an entity may not set <paramref name="businessDays"/> as its term for <paramref name="type"/> on <paramref name="asOf"/>, in Spanish, or null when it may.</summary>
    public static string? ValidateOverride(PqrsdType type, int businessDays, DateOnly asOf)
    {
        var legal = Legal(type, asOf);
        if (legal.BusinessDays is not int legalDays)
        {
            return "Este tipo de solicitud no tiene término legal, así que no admite un término propio.";
        }
        if (businessDays < 1)
        {
            return "El término debe ser de al menos 1 día hábil.";
        }
        if (businessDays > legalDays)
        {
            return $"El término de {businessDays} días hábiles excede el legal de {legalDays} días hábiles ({legal.Rule}); la entidad solo puede acortarlo.";
        }
        return null;
    }

    /// <summary>Returns the latest date an extension (prórroga) may reach for a request received on <paramref name="legalReceiptDate"/>, or null when the type has no term.</summary>
    /// <remarks>Twice the legal term for petitions in general; the legal term plus 5 or 8 business days for personal-data queries and claims.</remarks>
    public static DateOnly? MaxExtendedDueDate(BusinessCalendar calendar, PqrsdType type, DateOnly filedOn, DateOnly legalReceiptDate) =>
        TermFor(type, filedOn).MaxExtendedDueDate(calendar, legalReceiptDate);

    /// <summary>Returns the date by which a request must be referred to the competent authority: 5 business days after receipt.</summary>
    public static DateOnly ReferralDueDate(BusinessCalendar calendar, DateOnly legalReceiptDate) =>
        calendar.AddBusinessDays(legalReceiptDate, ReferralBusinessDays);

    private static LegalTerm Legal(PqrsdType type, DateOnly filedOn)
    {
        bool emergency = filedOn >= Decreto491From && filedOn <= Decreto491Until;
        string rule = emergency ? Decreto491 : Ley1755;
        return type switch
        {
            PqrsdType.Petition or PqrsdType.Complaint or PqrsdType.Claim or PqrsdType.Report
                or PqrsdType.Suggestion or PqrsdType.Compliment => Doubled(type, rule, emergency ? 30 : 15),
            PqrsdType.InformationRequest => Doubled(type, rule, emergency ? 20 : 10),
            PqrsdType.Consultation => Doubled(type, rule, emergency ? 35 : 30),
            PqrsdType.DataQuery => new(type, Ley1581, 10, 10 + 5, false),
            PqrsdType.DataClaim => new(type, Ley1581, 15, 15 + 8, false),
            PqrsdType.Orientation => new(type, rule, null, null, false),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown request type."),
        };
    }

    // An extension may not exceed twice the term initially provided (Ley 1755 art. 14 par.; Decreto 491 art. 5).
    private static LegalTerm Doubled(PqrsdType type, string rule, int days) => new(type, rule, days, 2 * days, false);
}
