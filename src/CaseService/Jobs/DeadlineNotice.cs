using Atencion.CaseService.Chat;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Microsoft.AspNetCore.SignalR;

namespace Atencion.CaseService.Jobs;

/// <summary>What a console hears when one of the entity's deadlines is near or passed.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Kind">warning, or the kind of deadline breached (response, referral).</param>
/// <param name="DueDate">The due date concerned.</param>
/// <param name="Assignee">Who has the case.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Version">The case stream's version of the event: a console drops a (case, version) it has already shown.</param>
public sealed record DeadlineNotice(Guid CaseId, string Kind, DateOnly DueDate, string? Assignee, DateTimeOffset At, long Version)
{
    /// <summary>Sends the notice of a deadline event to the entity's supervisors and to the case's assignee.</summary>
    public static async Task PushAsync(IHubContext<ChatHub> hub, RecordedEvent e, CancellationToken ct)
    {
        var notice = e.Data switch
        {
            DeadlineWarningRaised w => new DeadlineNotice(e.StreamId, "warning", w.DueDate, w.Assignee, e.RecordedAt, e.Version),
            DeadlineBreached b => new DeadlineNotice(e.StreamId, b.Kind == DeadlineKind.Referral ? "referral-breached" : "breached", b.DueDate, b.Assignee, e.RecordedAt, e.Version),
            _ => null,
        };
        if (notice is null) return;
        await hub.Clients.Group(ChatHub.Supervisors(e.Tenant.Value)).SendAsync("deadline", notice, ct);
        if (notice.Assignee is { } assignee)
            await hub.Clients.Group(ChatHub.StaffMember(e.Tenant.Value, assignee)).SendAsync("deadline", notice, ct);
    }
}
