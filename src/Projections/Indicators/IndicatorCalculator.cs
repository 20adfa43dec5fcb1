using Atencion.Domain.Calendar;
using Atencion.Domain.Chat;
using Atencion.Projections.Reports;

namespace Atencion.Projections.Indicators;

/// <summary>The indicators' formulas (docs/indicators.md), over case facts; an event counts in the period when its local date is in it.</summary>
public sealed class IndicatorCalculator(TimeZoneInfo zone, BusinessCalendar calendar)
{
    /// <summary>What makes a survey answer "satisfied".</summary>
    public const string SatisfiedDefinition = "need met, and the mean of the four 1–5 scores (amabilidad, calidad, oportunidad, idoneidad) is 4 or more";

    /// <summary>Seconds within which a live chat's first advisor reply counts as timely.</summary>
    public const int FirstReplySeconds = 60;

    /// <summary>Whether a survey answer counts as satisfied (see <see cref="SatisfiedDefinition"/>).</summary>
    public static bool IsSatisfied(SurveyFact s) => s.NeedMet == true && s.Scores is { Length: > 0 } x && x.Average() >= 4.0;

    /// <summary>The 90th percentile by nearest rank: the value at rank ⌈0.9 × n⌉ of the sorted values (null when empty).</summary>
    public static int? P90(IReadOnlyList<int> values) =>
        values.Count == 0 ? null : values.Order().ElementAt((int)Math.Ceiling(0.9 * values.Count) - 1);

    /// <summary>The median: the middle value, or the mean of the two middle values (null when empty).</summary>
    public static decimal? Median(IReadOnlyList<decimal> values)
    {
        if (values.Count == 0) return null;
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>Computes every indicator for the period from the facts of the cases with activity in it, and of the cases pending now.</summary>
    public IndicatorSet Compute(IReadOnlyList<CaseFacts> cases, IReadOnlyList<CaseFacts> pending, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        bool In(DateTimeOffset? at) => at is { } a && EntityTimeZone.LocalDate(a, zone) is var d && d >= from && d <= to;

        var answered = cases.Where(c => In(c.AnsweredAt) && c.AnswerBusinessDays is not null).ToList();
        var timeliness = Share.From(answered.Count(c => c.AnsweredOnTime == true), answered.Count);
        var byType = answered.Where(c => c.Type is not null).GroupBy(c => c.Type!.Value).OrderBy(g => g.Key)
            .Select(g => Times(g.Key, g.Select(c => c.AnswerBusinessDays!.Value).ToList())).ToList();

        var answers = cases.SelectMany(c => c.Surveys).Where(s => In(s.AnsweredAt)).ToList();
        SatisfactionGroup Group(string? key, IEnumerable<SurveyFact> xs) { var l = xs.ToList(); return new(key, Share.From(l.Count(IsSatisfied), l.Count)); }
        var satisfaction = new Satisfaction(SatisfiedDefinition, Group(null, answers).Satisfied,
            answers.GroupBy(s => WireName.Of(s.Channel)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g)).ToList(),
            answers.GroupBy(s => s.StaffMember ?? "(none)").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g)).ToList());

        var quality = ResponseQualityOf(cases.Where(IsPqrsd).SelectMany(c => c.Surveys).Where(s => In(s.AnsweredAt)));

        var chats = cases.Where(c => In(c.ChatStartedAt)).ToList();
        var live = chats.Where(c => c.ChatMode == ChatMode.Live).ToList();
        var replies = live.Where(c => c.FirstAdvisorReplyAt is not null)
            .Select(c => (decimal)(c.FirstAdvisorReplyAt!.Value - c.ChatStartedAt!.Value).TotalSeconds).ToList();
        var offline = chats.Where(c => c.ChatMode == ChatMode.Offline).ToList();
        var chat = new ChatServiceLevel(
            Share.From(replies.Count(s => s <= FirstReplySeconds), live.Count),
            Median(replies) is { } m ? Math.Round(m, 1) : null,
            Share.From(chats.Count(c => c.ChatCloseReason == ChatCloseReason.Inactivity), chats.Count),
            Share.From(offline.Count(OfflineAnsweredInTime), offline.Count));

        var referrals = cases.Where(c => In(c.ReferredAt)).ToList();
        var today = EntityTimeZone.LocalDate(now, zone);
        return new IndicatorSet(from, to, now, timeliness, Times(null, answered.Select(c => c.AnswerBusinessDays!.Value).ToList()), byType,
            satisfaction, chat, Share.From(referrals.Count(c => c.ReferralLate == false), referrals.Count),
            cases.Sum(c => c.Breaches.Count(b => In(b.At))), cases.Sum(c => c.ExtendedAt.Count(x => In(x))),
            OpenOverdue(pending, today), ResponseQuality: quality);
    }

    /// <summary>A PQRSD: a case classified as any type but orientation (as classified now).</summary>
    public static bool IsPqrsd(CaseFacts c) => c.Type is { } t && t != PqrsdType.Orientation;

    /// <summary>
    /// Calidad en la respuesta de las PQRSD over survey answers: the share with <c>calidad</c> (the second score) 4 or more, and
    /// the mean <c>calidad</c> rounded half away from zero to two decimals.
    /// </summary>
    public static ResponseQuality ResponseQualityOf(IEnumerable<SurveyFact> answers)
    {
        var calidad = answers.Where(s => s.Scores is { Length: >= 2 }).Select(s => s.Scores![1]).ToList();
        return new ResponseQuality(Share.From(calidad.Count(q => q >= 4), calidad.Count),
            calidad.Count == 0 ? null : Math.Round((decimal)calidad.Sum() / calidad.Count, 2, MidpointRounding.AwayFromZero));
    }

    /// <summary>Cases overdue on <paramref name="today"/>: the answer's or the referral's term passed (<see cref="Domain.Cases.Overdue"/>).</summary>
    public static int OpenOverdue(IEnumerable<CaseFacts> cases, DateOnly today) => cases.Count(c => c.IsOverdue(today));

    /// <summary>An offline chat is answered in time when its first answer falls on or before the business day after its legal receipt date.</summary>
    public bool OfflineAnsweredInTime(CaseFacts c) =>
        c.FirstAnswerAt is { } a && EntityTimeZone.LocalDate(a, zone) <= calendar.AddBusinessDays(calendar.LegalReceiptDate(c.ChatStartedAt!.Value, zone), 1);

    private static ResponseTime Times(PqrsdType? type, IReadOnlyList<int> days) =>
        new(type, days.Count, days.Count == 0 ? null : Math.Round((decimal)days.Sum() / days.Count, 2, MidpointRounding.AwayFromZero), P90(days));
}
