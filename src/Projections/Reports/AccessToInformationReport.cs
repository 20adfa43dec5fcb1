using Atencion.Domain.Calendar;

namespace Atencion.Projections.Reports;

/// <summary>One information request in the Ley 1712 report.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Radicado">Its filing number.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="ReferredAt">When it was referred to the competent entity, if it was.</param>
/// <param name="ReferredTo">The entity it was referred to.</param>
/// <param name="AnsweredAt">When it was answered, if it was.</param>
/// <param name="BusinessDays">Business days from its legal receipt date to the answer (the time it took).</param>
/// <param name="OnTime">Whether the answer was within the legal term.</param>
/// <param name="Denied">Whether the answer denied the information.</param>
/// <param name="Outcome">Where it stands.</param>
public sealed record InformationRequestLine(Guid CaseId, string? Radicado, DateTimeOffset ReceivedAt, DateTimeOffset? ReferredAt, string? ReferredTo,
    DateTimeOffset? AnsweredAt, int? BusinessDays, bool? OnTime, bool Denied, string Outcome);

/// <summary>The access-to-information report (Ley 1712 de 2014, art. 11 lit. h; Decreto 103 de 2015, art. 52) over information requests received in a period.</summary>
/// <param name="From">First day of receipt (local).</param>
/// <param name="To">Last day of receipt (local).</param>
/// <param name="Received">Information requests received.</param>
/// <param name="Referred">Of those, referred to another entity.</param>
/// <param name="Answered">Of those, answered (denials included).</param>
/// <param name="Denied">Of those, answered with a denial of the information.</param>
/// <param name="AverageBusinessDays">Mean business days to answer, over the answered ones.</param>
/// <param name="Requests">Each request, in order of receipt.</param>
public sealed record AccessToInformationReport(DateOnly From, DateOnly To, int Received, int Referred, int Answered, int Denied,
    decimal? AverageBusinessDays, IReadOnlyList<InformationRequestLine> Requests)
{
    /// <summary>Builds the report from the facts of the cases received in the period.</summary>
    public static AccessToInformationReport Compute(IEnumerable<CaseFacts> received, DateOnly from, DateOnly to)
    {
        var lines = received.Where(f => f.Type == PqrsdType.InformationRequest)
            .OrderBy(f => f.ReceivedAt).ThenBy(f => f.CaseId)
            .Select(f => new InformationRequestLine(f.CaseId, f.Radicado, f.ReceivedAt, f.ReferredAt, f.ReferredTo, f.AnsweredAt,
                f.AnswerBusinessDays, f.AnsweredOnTime, f.Denied, f.Outcome))
            .ToList();
        var answered = lines.Where(l => l.AnsweredAt is not null).ToList();
        return new AccessToInformationReport(from, to, lines.Count, lines.Count(l => l.ReferredAt is not null), answered.Count,
            answered.Count(l => l.Denied),
            answered.Count == 0 ? null : Math.Round((decimal)answered.Sum(l => l.BusinessDays ?? 0) / answered.Count, 2, MidpointRounding.AwayFromZero),
            lines);
    }
}
