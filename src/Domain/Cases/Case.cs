using Atencion.Domain.Calendar;
using Atencion.Domain.Chat;

namespace Atencion.Domain.Cases;

/// <summary>The write model of a case: only what decisions need.</summary>
/// <param name="Id">The case id.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Channel">The channel it was opened on.</param>
/// <param name="ReceivedAt">When the first contact was received.</param>
public sealed record Case(Guid Id, CaseStatus Status, Channel Channel, DateTimeOffset ReceivedAt)
{
    /// <summary>The PQRSD type, once classified.</summary>
    public PqrsdType? Type { get; init; }

    /// <summary>The entity's topic, once classified.</summary>
    public string? Topic { get; init; }

    /// <summary>The skill the case needs after an escalation.</summary>
    public string? Skill { get; init; }

    /// <summary>The receipt date terms count from, once classified.</summary>
    public DateOnly? LegalReceiptDate { get; init; }

    /// <summary>The term in business days, once classified (null for orientation).</summary>
    public int? TermBusinessDays { get; init; }

    /// <summary>The current due date (extension and suspension included); before classification, the general term's (<see cref="ProvisionalTerm"/>).</summary>
    public DateOnly? DueDate { get; init; }

    /// <summary>The general term's due date recorded at opening (<see cref="CaseOpened.ProvisionalDueDate"/>): it stops while a live chat attends the case and runs again when the chat ends unanswered.</summary>
    public DateOnly? ProvisionalDueDate { get; init; }

    /// <summary>The radicado, once filed.</summary>
    public string? Radicado { get; init; }

    /// <summary>When the case was filed (got its radicado).</summary>
    public DateTimeOffset? FiledAt { get; init; }

    /// <summary>Who has the case.</summary>
    public string? Assignee { get; init; }

    /// <summary>Whether the term was already extended (only once is allowed).</summary>
    public bool Extended { get; init; }

    /// <summary>Whether it was referred to another entity.</summary>
    public bool Referred { get; init; }

    /// <summary>When the term was suspended awaiting completion, and the business days it had left.</summary>
    public (DateTimeOffset Since, int DaysLeft)? Suspension { get; init; }

    /// <summary>Whether the citizen got the one extra month to complete the petition.</summary>
    public bool CompletionPeriodExtended { get; init; }

    /// <summary>The status before the case was closed, to return to on reopening.</summary>
    public CaseStatus StatusBeforeClosing { get; init; }

    /// <summary>False when the matter is not the entity's competence (it must be referred).</summary>
    public bool Competent { get; init; } = true;

    /// <summary>The last day to refer a matter that is not the entity's competence.</summary>
    public DateOnly? ReferralDueDate { get; init; }

    /// <summary>The due date a deadline warning was last raised for.</summary>
    public DateOnly? WarnedFor { get; init; }

    /// <summary>The due date whose breach was last recorded.</summary>
    public DateOnly? BreachedFor { get; init; }

    /// <summary>Whether the referral deadline's breach was recorded.</summary>
    public bool ReferralBreached { get; init; }

    /// <summary>Who the citizen said they are (the email answers and notices go to).</summary>
    public Citizen? Citizen { get; init; }

    /// <summary>The chat on the case, if it came through the chat.</summary>
    public ChatState? Chat { get; init; }

    /// <summary>The state right after the case was opened.</summary>
    public static Case Create(CaseOpened opened) =>
        new(opened.CaseId, CaseStatus.Open, opened.Channel, opened.ReceivedAt) { DueDate = opened.ProvisionalDueDate, ProvisionalDueDate = opened.ProvisionalDueDate };

    /// <summary>The state after one more event (the instant it was recorded is needed for suspensions).</summary>
    public Case Apply(ICaseEvent @event, DateTimeOffset at) => @event switch
    {
        CaseClassified c => this with
        {
            Type = c.Type, Topic = c.Topic, LegalReceiptDate = c.LegalReceiptDate, TermBusinessDays = c.TermBusinessDays,
            DueDate = c.DueDate, Status = Status == CaseStatus.Open ? CaseStatus.InProgress : Status,
            Competent = c.Competent, ReferralDueDate = c.ReferralDueDate,
        },
        DeadlineWarningRaised w => this with { WarnedFor = w.DueDate },
        DeadlineBreached { Kind: DeadlineKind.Response } b => this with { BreachedFor = b.DueDate },
        DeadlineBreached { Kind: DeadlineKind.Referral } => this with { ReferralBreached = true },
        CitizenIdentified i => this with { Citizen = i.Citizen },
        CaseFiled f => this with { Radicado = f.Radicado, FiledAt = at },
        RadicadoAnnulled => this with { Radicado = null },
        CaseAssigned a => this with { Assignee = a.Assignee },
        CaseEscalated x => this with { Skill = x.Skill },
        CaseReferred => this with { Referred = true },
        DeadlineExtended d => this with { Extended = true, DueDate = d.NewDueDate },
        CompletionRequested r => this with { Status = CaseStatus.AwaitingCompletion, Suspension = (at, r.BusinessDaysLeft) },
        CompletionReceived r => this with { Status = CaseStatus.InProgress, Suspension = null, DueDate = r.NewDueDate, CompletionPeriodExtended = false },
        Atencion.Domain.Cases.CompletionPeriodExtended => this with { CompletionPeriodExtended = true },
        ResponseIssued => this with { Status = CaseStatus.Answered },
        CaseClosed => this with { Status = CaseStatus.Closed, StatusBeforeClosing = Status },
        // A live chat is attended as it happens: the provisional general term does not run for it.
        ChatStarted s => this with { Chat = ChatState.Start(s, at), DueDate = s.Mode == ChatMode.Live && Type is null ? null : DueDate },
        // A live chat that ends without an answer (the citizen left or went silent) leaves a petition pending: the general term runs again.
        ChatClosed closed when Chat is not null && ProvisionalTerm.ResumesAfter(closed, Type, DueDate) =>
            this with { Chat = Chat.Apply(@event, at), DueDate = ProvisionalDueDate },
        MessagePosted or MessageWithdrawn or SatisfactionConfirmed or ChatClosed when Chat is not null =>
            this with { Chat = Chat.Apply(@event, at) },
        CaseReopened => this with { Status = StatusBeforeClosing == CaseStatus.Closed ? CaseStatus.InProgress : StatusBeforeClosing },
        _ => this,
    };

    /// <summary>The skill the case needs: the escalated one, else the one its topic routes to.</summary>
    public string? NeededSkill(IReadOnlyDictionary<string, string> topicRouting) =>
        Skill ?? (Topic is not null && topicRouting.TryGetValue(Topic, out var skill) ? skill : null);

    /// <summary>Whether commands that work the case are still allowed.</summary>
    public bool IsClosed => Status == CaseStatus.Closed;
}
