using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.EventStore;

namespace Atencion.Projections.Reports;

/// <summary>A survey offered on a case and, once answered, its answers.</summary>
/// <param name="SurveyId">The survey.</param>
/// <param name="Channel">The channel of the attention surveyed.</param>
/// <param name="StaffMember">Who attended, if anyone.</param>
/// <param name="RequestedAt">When it was offered.</param>
public sealed record SurveyFact(Guid SurveyId, Channel Channel, string? StaffMember, DateTimeOffset RequestedAt)
{
    /// <summary>When it was answered (null while unanswered).</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>The four 1–5 scores: amabilidad, calidad, oportunidad, idoneidad.</summary>
    public int[]? Scores { get; init; }
    /// <summary>Whether the citizen's need was met.</summary>
    public bool? NeedMet { get; init; }
}

/// <summary>A deadline breach as recorded.</summary>
public sealed record BreachFact(DeadlineKind Kind, DateOnly DueDate, DateTimeOffset At);

/// <summary>
/// What reports and indicators need to know about one case, folded from its events alone (no calendar, no clock, no settings),
/// so that a rebuild always yields the same facts. Business-day figures that depend on the entity's calendar are computed at read time.
/// </summary>
public sealed record CaseFacts(Guid CaseId, string Tenant, Channel Channel, DateTimeOffset ReceivedAt, DateTimeOffset OpenedAt,
    string? OpenedBy, string? OpenedByRole, long Version, DateTimeOffset UpdatedAt)
{
    public string? CitizenName { get; init; }
    /// <summary>The citizen's ID as "type number", when given.</summary>
    public string? CitizenId { get; init; }
    public PqrsdType? Type { get; init; }
    public string? Topic { get; init; }
    public DateOnly? LegalReceiptDate { get; init; }
    /// <summary>The current due date; before classification, the general term's provisional one (<see cref="ProvisionalTerm"/>).</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>The general term's due date recorded at opening, which runs again when a live chat ends unanswered.</summary>
    public DateOnly? ProvisionalDueDate { get; init; }
    /// <summary>False when the matter is not the entity's competence (the referral term runs).</summary>
    public bool Competent { get; init; } = true;
    /// <summary>The last day to refer a matter that is not the entity's competence.</summary>
    public DateOnly? ReferralDueDate { get; init; }
    public string? Radicado { get; init; }
    public string? Assignee { get; init; }
    public DateTimeOffset? ReferredAt { get; init; }
    public string? ReferredTo { get; init; }
    public bool? ReferralLate { get; init; }
    /// <summary>When each extension (prórroga) was granted.</summary>
    public IReadOnlyList<DateTimeOffset> ExtendedAt { get; init; } = [];
    /// <summary>Whether the term is suspended awaiting the citizen's completion (art. 17).</summary>
    public bool Suspended { get; init; }
    /// <summary>The first final answer (a later one after a reopening does not replace it).</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    public string? AnsweredBy { get; init; }
    public bool? AnsweredOnTime { get; init; }
    public int? AnswerBusinessDays { get; init; }
    public bool Denied { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public CloseReason? CloseReason { get; init; }
    public ChatMode? ChatMode { get; init; }
    public DateTimeOffset? ChatStartedAt { get; init; }
    /// <summary>The first message of an advisor in the chat.</summary>
    public DateTimeOffset? FirstAdvisorReplyAt { get; init; }
    public string? FirstAdvisor { get; init; }
    public DateTimeOffset? ChatClosedAt { get; init; }
    public ChatCloseReason? ChatCloseReason { get; init; }
    public IReadOnlyList<BreachFact> Breaches { get; init; } = [];
    public IReadOnlyList<SurveyFact> Surveys { get; init; } = [];
    /// <summary>The transaction that opened the case (the email that opened a case is recorded in it, and is not a later contact).</summary>
    public ulong? OpenedTxId { get; init; }
    /// <summary>
    /// When each later contact by the citizen on this case was received: an email threaded into it (<see cref="EmailReceived"/>
    /// recorded after the opening transaction). The contact register lists each as a row of its own (docs/reports.md).
    /// </summary>
    public IReadOnlyList<DateTimeOffset> LaterContactsAt { get; init; } = [];

    /// <summary>Whether the case is neither answered nor closed.</summary>
    public bool IsPending => AnsweredAt is null && ClosedAt is null;

    /// <summary>Where the case stands, as the case view would say.</summary>
    public CaseStatus Status => ClosedAt is not null ? CaseStatus.Closed : AnsweredAt is not null ? CaseStatus.Answered
        : Suspended ? CaseStatus.AwaitingCompletion : Type is not null ? CaseStatus.InProgress : CaseStatus.Open;

    /// <summary>Whether the answer's term passed without an answer on <paramref name="today"/> (<see cref="Overdue"/>).</summary>
    public bool ResponseOverdue(DateOnly today) => Overdue.Response(Status, Competent, DueDate, today);

    /// <summary>Whether the referral term passed without a referral on <paramref name="today"/> (<see cref="Overdue"/>).</summary>
    public bool ReferralOverdue(DateOnly today) => Overdue.Referral(Status, Competent, ReferredAt is not null, ReferralDueDate, today);

    /// <summary>Whether the case is overdue on <paramref name="today"/>, by the definition every read shares (<see cref="Overdue"/>).</summary>
    public bool IsOverdue(DateOnly today) => ResponseOverdue(today) || ReferralOverdue(today);

    /// <summary>The first answer an offline chat got: an advisor's message or the final answer, whichever came first.</summary>
    public DateTimeOffset? FirstAnswerAt => (FirstAdvisorReplyAt, AnsweredAt) switch
    {
        ({ } a, { } b) => a < b ? a : b,
        (var a, var b) => a ?? b,
    };

    /// <summary>Who attended the contact: the first advisor in the chat, else the assignee, else whoever answered, else the staff member who registered it.</summary>
    public string? AttendedBy => FirstAdvisor ?? Assignee ?? AnsweredBy ?? (OpenedByRole is "citizen" or "system" or null ? null : OpenedBy);

    /// <summary>The outcome so far, in the API's words: the close reason, else answered, awaiting-completion, in-progress or open.</summary>
    public string Outcome => CloseReason is { } r ? WireName.Of(r)
        : AnsweredAt is not null ? "answered" : Suspended ? "awaiting-completion" : Type is not null ? "in-progress" : "open";

    /// <summary>Starts the facts from a case's first event (null when it is not a <see cref="CaseOpened"/>).</summary>
    public static CaseFacts? Start(RecordedEvent e) => e.Data is CaseOpened o
        ? new CaseFacts(o.CaseId, e.Tenant.Value, o.Channel, o.ReceivedAt, e.RecordedAt, e.Metadata.UserId, e.Metadata.Role, e.Version, e.RecordedAt)
        {
            DueDate = o.ProvisionalDueDate,
            ProvisionalDueDate = o.ProvisionalDueDate,
            OpenedTxId = e.TxId,
        }
        : null;

    /// <summary>Applies one later event of the case; events at or below <see cref="Version"/> are ignored (idempotent replays).</summary>
    public CaseFacts Apply(RecordedEvent e)
    {
        if (e.Version <= Version) return this;
        var at = e.RecordedAt;
        var next = e.Data switch
        {
            CitizenIdentified c => this with { CitizenName = c.Citizen.Name, CitizenId = IdOf(c.Citizen) },
            CaseClassified c => this with
            {
                Type = c.Type, Topic = c.Topic, LegalReceiptDate = c.LegalReceiptDate, DueDate = c.DueDate,
                Competent = c.Competent, ReferralDueDate = c.ReferralDueDate,
            },
            CaseFiled f => this with { Radicado = f.Radicado },
            CaseAssigned a => this with { Assignee = a.Assignee },
            CaseReferred r => this with { ReferredAt = at, ReferredTo = r.Entity, ReferralLate = r.Late },
            DeadlineExtended x => this with { DueDate = x.NewDueDate, ExtendedAt = [.. ExtendedAt, at] },
            CompletionRequested => this with { Suspended = true },
            CompletionReceived c => this with { Suspended = false, DueDate = c.NewDueDate },
            ResponseIssued r when AnsweredAt is null => this with
            {
                AnsweredAt = at, AnsweredBy = e.Metadata.UserId, AnsweredOnTime = r.OnTime, AnswerBusinessDays = r.BusinessDays, Denied = r.Denied, Suspended = false,
            },
            CaseClosed c => this with { ClosedAt = at, CloseReason = c.Reason },
            CaseReopened => this with { ClosedAt = null, CloseReason = null },
            // A live chat does not run the provisional general term (see ProvisionalTerm).
            ChatStarted c => this with { ChatMode = c.Mode, ChatStartedAt = at, DueDate = c.Mode == Domain.Chat.ChatMode.Live && Type is null ? null : DueDate },
            MessagePosted { From: MessageSender.Advisor } m when FirstAdvisorReplyAt is null => this with { FirstAdvisorReplyAt = at, FirstAdvisor = m.Author ?? e.Metadata.UserId },
            ChatClosed c => this with
            {
                ChatClosedAt = at, ChatCloseReason = c.Reason,
                DueDate = Domain.Cases.ProvisionalTerm.ResumesAfter(c, Type, DueDate) ? ProvisionalDueDate : DueDate,
            },
            EmailReceived when e.TxId != OpenedTxId => this with { LaterContactsAt = [.. LaterContactsAt, at] },
            DeadlineBreached b => this with { Breaches = [.. Breaches, new BreachFact(b.Kind, b.DueDate, at)] },
            SurveyRequested s when Surveys.All(x => x.SurveyId != s.SurveyId) =>
                this with { Surveys = [.. Surveys, new SurveyFact(s.SurveyId, s.Channel, s.StaffMember, at)] },
            SurveyAnswered s => this with
            {
                Surveys = Surveys.Select(x => x.SurveyId == s.SurveyId && x.AnsweredAt is null
                    ? x with { AnsweredAt = at, Scores = [s.Courtesy, s.Quality, s.Timeliness, s.Competence], NeedMet = s.NeedMet }
                    : x).ToList(),
            },
            _ => this,
        };
        return next with { Version = e.Version, UpdatedAt = at };
    }

    private static string? IdOf(Citizen c) => c.IdNumber is { Length: > 0 } n ? c.IdType is { } t ? $"{WireName.Of(t)} {n}" : n : null;
}
