using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;

namespace Atencion.Projections.Reports;

/// <summary>The PQRSD counters of a period (or of one type, channel or topic within it).</summary>
/// <param name="Key">The type, channel or topic; null for the totals.</param>
/// <param name="Received">PQRSD (classified, other than orientation) received in the period.</param>
/// <param name="Answered">Final answers issued in the period.</param>
/// <param name="AnsweredOnTime">Of those, within the legal term (extensions included).</param>
/// <param name="Overdue">The term that applies (answer, or referral when not competent) fell in the period and was met late or is still overdue.</param>
/// <param name="Referred">Referred to the competent entity in the period.</param>
/// <param name="Extended">Terms extended in the period.</param>
/// <param name="Withdrawn">Closed as withdrawn (expressly or tacitly) in the period.</param>
public sealed record PqrsdCounts(string? Key, int Received, int Answered, int AnsweredOnTime, int Overdue, int Referred, int Extended, int Withdrawn);

/// <summary>PQRSD statistics of a period: totals, and the same counters by type, channel and topic.</summary>
/// <param name="From">First day (local).</param>
/// <param name="To">Last day (local).</param>
/// <param name="Totals">All PQRSD.</param>
/// <param name="ByType">Per PQRSD type.</param>
/// <param name="ByChannel">Per channel of receipt.</param>
/// <param name="ByTopic">Per topic ("(none)" when not given).</param>
public sealed record PqrsdStatistics(DateOnly From, DateOnly To, PqrsdCounts Totals, IReadOnlyList<PqrsdCounts> ByType,
    IReadOnlyList<PqrsdCounts> ByChannel, IReadOnlyList<PqrsdCounts> ByTopic)
{
    /// <summary>Counts the PQRSD among the facts (cases with activity in the period, plus those pending now) for a period.</summary>
    public static PqrsdStatistics Compute(IEnumerable<CaseFacts> facts, DateOnly from, DateOnly to, TimeZoneInfo zone, DateTimeOffset now)
    {
        var pqrsd = facts.Where(f => f.Type is { } t && t != PqrsdType.Orientation).DistinctBy(f => (f.Tenant, f.CaseId)).ToList();
        var today = EntityTimeZone.LocalDate(now, zone);
        bool In(DateTimeOffset? at) => at is { } a && EntityTimeZone.LocalDate(a, zone) is var d && d >= from && d <= to;
        // The term that applies (the answer's when competent, the referral's when not) fell in the period and was missed:
        // met late, or still overdue now (Domain.Cases.Overdue).
        bool Overdue(CaseFacts f) => f.Competent
            ? f.DueDate is { } due && due >= from && due <= to && (f.AnsweredOnTime == false || f.ResponseOverdue(today))
            : f.ReferralDueDate is { } r && r >= from && r <= to && (f.ReferralLate == true || f.ReferralOverdue(today));

        PqrsdCounts Count(string? key, IReadOnlyCollection<CaseFacts> xs) => new(key,
            xs.Count(f => In(f.ReceivedAt)),
            xs.Count(f => In(f.AnsweredAt)),
            xs.Count(f => In(f.AnsweredAt) && f.AnsweredOnTime == true),
            xs.Count(Overdue),
            xs.Count(f => In(f.ReferredAt)),
            xs.Count(f => f.ExtendedAt.Any(x => In(x))),
            xs.Count(f => f.CloseReason is CloseReason.Withdrawn or CloseReason.TacitWithdrawal && In(f.ClosedAt)));

        List<PqrsdCounts> By(Func<CaseFacts, string> key) => pqrsd.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Count(g.Key, g.ToList())).Where(c => c.Received + c.Answered + c.Overdue + c.Referred + c.Extended + c.Withdrawn > 0)
            .ToList();

        return new PqrsdStatistics(from, to, Count(null, pqrsd),
            By(f => WireName.Of(f.Type!.Value)), By(f => WireName.Of(f.Channel)), By(f => f.Topic ?? "(none)"));
    }
}
