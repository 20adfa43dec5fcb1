using Atencion.Domain.Calendar;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.EventStore;

namespace Atencion.Projections.Cases;

/// <summary>A note as the console shows it.</summary>
public sealed record CaseNote(Guid NoteId, string Text, string? Author, DateTimeOffset At);

/// <summary>The referral to the competent entity.</summary>
public sealed record Referral(string Entity, string Reason, DateOnly DueDate, bool Late, DateTimeOffset At);

/// <summary>The extension of the term.</summary>
public sealed record Extension(string Reason, DateOnly PreviousDueDate, DateOnly NewDueDate, DateTimeOffset At);

/// <summary>The pending request for completion (art. 17), while the term is suspended.</summary>
public sealed record CompletionRequest(string Missing, int BusinessDaysLeft, DateTimeOffset Since);

/// <summary>An attached document (its bytes are served by GET .../documents/{documentId}).</summary>
public sealed record CaseDocument(Guid DocumentId, string FileName, string ContentType, long Size, string Sha256, string? Description, DateTimeOffset At, string? By);

/// <summary>An annulled radicado and why.</summary>
public sealed record AnnulledRadicado(string Radicado, string Justification, DateTimeOffset At, string? By);

/// <summary>A legal deadline that passed without what it required.</summary>
public sealed record DeadlineBreach(DeadlineKind Kind, DateOnly DueDate, DateTimeOffset At);

/// <summary>The final answer; <c>Denied</c> when it denied an information request (Ley 1712).</summary>
public sealed record Response(string Text, Channel Channel, DateTimeOffset At, string? By, bool OnTime, int BusinessDays, bool Denied = false);

/// <summary>What the advisors' console and the citizen's status page read about a case.</summary>
public sealed record CaseView(
    Guid Id,
    string Tenant,
    CaseStatus Status,
    Channel Channel,
    Citizen? Citizen,
    string Subject,
    string Text,
    DateTimeOffset ReceivedAt,
    DateTimeOffset OpenedAt,
    string? OpenedBy,
    IReadOnlyList<CaseNote> Notes,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public PqrsdType? Type { get; init; }
    public string? Topic { get; init; }
    public bool Priority { get; init; }
    public string? Rule { get; init; }
    public DateOnly? LegalReceiptDate { get; init; }
    public int? TermBusinessDays { get; init; }
    /// <summary>The current due date; before classification, the general term's (see <see cref="DueDateProvisional"/>).</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>
    /// True while <see cref="DueDate"/> is the provisional one of the general term (Ley 1755 art. 14, 15 business days from
    /// receipt, <see cref="ProvisionalTerm"/>) that runs until the case is classified; the classification replaces it.
    /// </summary>
    public bool DueDateProvisional { get; init; }

    /// <summary>The general term's due date recorded at opening: <see cref="DueDate"/> before classification, except while a live chat attends the case.</summary>
    public DateOnly? ProvisionalDueDate { get; init; }
    public string? Radicado { get; init; }
    public DateTimeOffset? FiledAt { get; init; }
    public string? Assignee { get; init; }
    public string? Skill { get; init; }
    public Referral? Referral { get; init; }
    public Extension? Extension { get; init; }
    public CompletionRequest? Completion { get; init; }
    public Response? Response { get; init; }
    public DateTimeOffset? RespondedAt => Response?.At;
    public bool? RespondedOnTime => Response?.OnTime;
    public int? ResponseBusinessDays => Response?.BusinessDays;
    public IReadOnlyList<CaseDocument> Documents { get; init; } = [];
    public IReadOnlyList<AnnulledRadicado> AnnulledRadicados { get; init; } = [];
    public DateTimeOffset? ClosedAt { get; init; }
    public CloseReason? CloseReason { get; init; }

    /// <summary>False when the matter is not the entity's competence and must be referred.</summary>
    public bool Competent { get; init; } = true;

    /// <summary>The last day to refer a matter that is not the entity's competence.</summary>
    public DateOnly? ReferralDueDate { get; init; }

    /// <summary>The due date the last deadline warning was raised for.</summary>
    public DateOnly? DeadlineWarnedFor { get; init; }

    /// <summary>The deadlines that passed without the answer or referral they required.</summary>
    public IReadOnlyList<DeadlineBreach> Breaches { get; init; } = [];

    /// <summary>Where the citizen was oriented, when the matter was not the entity's competence.</summary>
    public Domain.Attention.CitizenOriented? Orientation { get; init; }

    /// <summary>The emails the citizen sent (inbound email), text only.</summary>
    public IReadOnlyList<ReceivedEmail> ReceivedEmails { get; init; } = [];

    /// <summary>Emails received while the case was answered or closed, not yet taken up by a new answer or a reopening.</summary>
    public int RepliesAfterAnswer { get; init; }

    /// <summary>When the last email from the citizen arrived.</summary>
    public DateTimeOffset? LastEmailAt => ReceivedEmails.Count == 0 ? null : ReceivedEmails[^1].At;

    /// <summary>The chat, when the case came through it.</summary>
    public ChatView? Chat { get; init; }

    /// <summary>Business days left until the due date, as of the read (null when there is no running term).</summary>
    public int? DaysLeft { get; init; }

    /// <summary>Whether the answer's or the referral's term passed, as of the read (<see cref="Domain.Cases.Overdue"/>).</summary>
    public bool Overdue { get; init; }

    /// <summary>Whether the case counts toward its assignee's load: assigned and not yet answered or closed.</summary>
    public bool IsOpenLoad => Assignee is not null && Status is CaseStatus.Open or CaseStatus.InProgress or CaseStatus.AwaitingCompletion;

    /// <summary>The view with the read-time figures (days left, overdue) filled in for a given clock.</summary>
    public CaseView AsOf(CaseClock clock)
    {
        return this with
        {
            DaysLeft = Domain.Cases.Overdue.TermRunning(Status, DueDate) ? clock.DaysLeft(DueDate!.Value) : null,
            Overdue = Domain.Cases.Overdue.Is(Status, Competent, DueDate, Referral is not null, ReferralDueDate, clock.Today),
        };
    }

    /// <summary>Folds one event into the view: the same function serves the inline projection and time travel.</summary>
    public static CaseView? Evolve(CaseView? view, RecordedEvent e)
    {
        if (view is null)
            return e.Data is CaseOpened o
                ? new CaseView(o.CaseId, e.Tenant.Value, CaseStatus.Open, o.Channel, null, o.Subject, o.Text,
                    o.ReceivedAt, e.RecordedAt, e.Metadata.UserId, [], e.RecordedAt, e.Version)
                { DueDate = o.ProvisionalDueDate, DueDateProvisional = o.ProvisionalDueDate is not null, ProvisionalDueDate = o.ProvisionalDueDate }
                : null;
        view = view with { UpdatedAt = e.RecordedAt, Version = e.Version, Chat = ChatView.Evolve(view.Chat, e) };
        view = ReceivedEmail.Evolve(view, e);
        return e.Data switch
        {
            CitizenIdentified c => view with { Citizen = c.Citizen },
            // A live chat is attended as it happens: the provisional general term does not run for it.
            ChatStarted { Mode: ChatMode.Live } when view.DueDateProvisional => view with { DueDate = null, DueDateProvisional = false },
            // Ended unanswered, the chat leaves a petition pending: the general term runs again.
            ChatClosed closed when ProvisionalTerm.ResumesAfter(closed, view.Type, view.DueDate) && view.ProvisionalDueDate is not null =>
                view with { DueDate = view.ProvisionalDueDate, DueDateProvisional = true },
            Domain.Attention.CitizenOriented o => view with { Orientation = o },
            NoteAdded n => view with { Notes = [.. view.Notes, new CaseNote(n.NoteId, n.Text, e.Metadata.UserId, e.RecordedAt)] },
            CaseClassified c => view with
            {
                Type = c.Type, Topic = c.Topic, Priority = c.Priority, Rule = c.Rule, LegalReceiptDate = c.LegalReceiptDate,
                TermBusinessDays = c.TermBusinessDays, DueDate = c.DueDate, DueDateProvisional = false,
                Status = view.Status == CaseStatus.Open ? CaseStatus.InProgress : view.Status,
                Competent = c.Competent, ReferralDueDate = c.ReferralDueDate,
            },
            DeadlineWarningRaised w => view with { DeadlineWarnedFor = w.DueDate },
            DeadlineBreached b => view with { Breaches = [.. view.Breaches, new DeadlineBreach(b.Kind, b.DueDate, e.RecordedAt)] },
            CaseFiled f => view with { Radicado = f.Radicado, FiledAt = e.RecordedAt },
            RadicadoAnnulled a => view with
            {
                Radicado = null,
                AnnulledRadicados = [.. view.AnnulledRadicados, new AnnulledRadicado(a.Radicado, a.Justification, e.RecordedAt, e.Metadata.UserId)],
            },
            DocumentAttached d => view with
            {
                Documents = [.. view.Documents, new CaseDocument(d.DocumentId, d.FileName, d.ContentType, d.Size, d.Sha256, d.Description, e.RecordedAt, e.Metadata.UserId)],
            },
            CaseAssigned a => view with { Assignee = a.Assignee, Skill = a.Skill ?? view.Skill },
            CaseEscalated x => view with { Skill = x.Skill },
            CaseReferred r => view with { Referral = new Referral(r.Entity, r.Reason, r.DueDate, r.Late, e.RecordedAt) },
            DeadlineExtended d => view with { DueDate = d.NewDueDate, Extension = new Extension(d.Reason, d.PreviousDueDate, d.NewDueDate, e.RecordedAt) },
            CompletionRequested r => view with { Status = CaseStatus.AwaitingCompletion, Completion = new CompletionRequest(r.Missing, r.BusinessDaysLeft, e.RecordedAt) },
            CompletionReceived r => view with { Status = CaseStatus.InProgress, Completion = null, DueDate = r.NewDueDate },
            ResponseIssued r => view with { Status = CaseStatus.Answered, Response = new Response(r.Text, r.Channel, e.RecordedAt, e.Metadata.UserId, r.OnTime, r.BusinessDays, r.Denied) },
            CaseClosed c => view with { Status = CaseStatus.Closed, ClosedAt = e.RecordedAt, CloseReason = c.Reason },
            CaseReopened => view with
            {
                Status = view.Response is not null ? CaseStatus.Answered : view.Completion is not null ? CaseStatus.AwaitingCompletion
                    : view.Type is not null ? CaseStatus.InProgress : CaseStatus.Open,
                ClosedAt = null, CloseReason = null,
            },
            _ => view,
        };
    }

    /// <summary>Folds a stream's events from nothing.</summary>
    public static CaseView? FromEvents(IEnumerable<RecordedEvent> events) => events.Aggregate((CaseView?)null, Evolve);
}
