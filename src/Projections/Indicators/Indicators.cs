using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;

namespace Atencion.Projections.Indicators;

/// <summary>A share: how many of how many, and the percentage (null when there is nothing to measure).</summary>
/// <param name="Count">The numerator.</param>
/// <param name="Of">The denominator.</param>
/// <param name="Percent">100 × Count / Of, rounded to two decimals; null when Of is 0.</param>
public sealed record Share(int Count, int Of, decimal? Percent)
{
    /// <summary>Builds a share.</summary>
    public static Share From(int count, int of) => new(count, of, of == 0 ? null : Math.Round(100m * count / of, 2, MidpointRounding.AwayFromZero));
}

/// <summary>Response times in business days of one PQRSD type (or of all).</summary>
/// <param name="Type">The type, null for all types.</param>
/// <param name="Answered">How many answers were measured.</param>
/// <param name="AverageBusinessDays">Their mean, rounded to two decimals.</param>
/// <param name="P90BusinessDays">The 90th percentile by the nearest-rank method.</param>
public sealed record ResponseTime(PqrsdType? Type, int Answered, decimal? AverageBusinessDays, int? P90BusinessDays);

/// <summary>Satisfaction of one group of survey answers.</summary>
/// <param name="Key">The channel or staff member, or null for all.</param>
/// <param name="Satisfied">Satisfied answers over answers.</param>
public sealed record SatisfactionGroup(string? Key, Share Satisfied);

/// <summary>Satisfaction perception from the survey answers.</summary>
/// <param name="Definition">What counts as satisfied.</param>
/// <param name="Overall">All answers.</param>
/// <param name="ByChannel">Per channel of the attention surveyed.</param>
/// <param name="ByStaffMember">Per staff member who attended ("(none)" when nobody is named).</param>
public sealed record Satisfaction(string Definition, Share Overall, IReadOnlyList<SatisfactionGroup> ByChannel, IReadOnlyList<SatisfactionGroup> ByStaffMember);

/// <summary>The chat's service level.</summary>
/// <param name="FirstReplyWithin60Seconds">Live chats whose first advisor reply came within 60 s of the start, over live chats started.</param>
/// <param name="MedianFirstReplySeconds">Median seconds to the first advisor reply, over live chats that got one.</param>
/// <param name="ClosedForInactivity">Chats closed for inactivity, over chats started.</param>
/// <param name="OfflineAnsweredWithinOneBusinessDay">Offline chats answered by the next business day after their receipt date, over offline chats started.</param>
public sealed record ChatServiceLevel(Share FirstReplyWithin60Seconds, decimal? MedianFirstReplySeconds, Share ClosedForInactivity, Share OfflineAnsweredWithinOneBusinessDay);

/// <summary>Calidad en la respuesta de las PQRSD (Valledupar AV-C-004): the citizens' own rating of the quality of the answer.</summary>
/// <param name="GoodOrBetter">Survey answers on PQRSD cases given in the period with <c>calidad</c> 4 or 5, over those answers.</param>
/// <param name="AverageQuality">The mean <c>calidad</c> (1–5) of those answers, rounded half away from zero to two decimals; null when none.</param>
public sealed record ResponseQuality(Share GoodOrBetter, decimal? AverageQuality);

/// <summary>The indicators of an entity over a period (local dates, both inclusive).</summary>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
/// <param name="AsOf">When they were computed (open overdue cases are counted as of then).</param>
/// <param name="Timeliness">Answers within the legal term (extensions included) over answers issued in the period.</param>
/// <param name="ResponseTime">Over the answers issued in the period, all types and by type.</param>
/// <param name="ResponseTimeByType">Per type.</param>
/// <param name="Satisfaction">Survey answers received in the period.</param>
/// <param name="Chat">Chats started in the period.</param>
/// <param name="Referrals">Referrals made within 5 business days of receipt over referrals made in the period.</param>
/// <param name="Breaches">Deadline breaches recorded in the period.</param>
/// <param name="Extensions">Extensions granted in the period.</param>
/// <param name="OpenOverdueNow">Cases overdue today: the answer's term passed (competent, running, not suspended) or the referral's (not competent, not referred), neither answered nor closed.</param>
/// <param name="InPerson">The in-person service level of the kiosk turns issued in the period.</param>
/// <param name="ResponseQuality">Calidad en la respuesta de las PQRSD: survey answers on PQRSD cases given in the period.</param>
public sealed record IndicatorSet(DateOnly From, DateOnly To, DateTimeOffset AsOf, Share Timeliness, ResponseTime ResponseTime,
    IReadOnlyList<ResponseTime> ResponseTimeByType, Satisfaction Satisfaction, ChatServiceLevel Chat, Share Referrals,
    int Breaches, int Extensions, int OpenOverdueNow, InPersonServiceLevel? InPerson = null, ResponseQuality? ResponseQuality = null);
