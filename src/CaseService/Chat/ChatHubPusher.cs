using Atencion.CaseService.RealTime;
using Atencion.CaseService.Jobs;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.EventStore;
using Microsoft.AspNetCore.SignalR;

namespace Atencion.CaseService.Chat;

/// <summary>
/// A message as the hub pushes it (event <c>message</c>), with the case stream's version of its event: clients drop a
/// (case, version) they have already shown. <c>withdrawn</c> and <c>closed</c> carry the case and message or reason.
/// </summary>
public sealed record PushedMessage(Guid CaseId, Guid MessageId, MessageSender From, string? Author, string Text, DateTimeOffset At, long Version);

/// <summary>What supervisors hear when an email could not be delivered after every attempt (they also get an email), with the case stream's version of the event.</summary>
public sealed record FailedEmailNotice(Guid CaseId, Guid EmailId, int Attempts, string LastError, DateTimeOffset At, long Version);

/// <summary>What the chat hub hears from the log: chat events to the case's group, deadline and failed-email notices to the consoles.</summary>
/// <remarks>A client that reconnects reads what it missed with GET …/messages?after=.</remarks>
public sealed class ChatHubPusher(IHubContext<ChatHub> hub) : IHubPusher
{
    public Task PushAsync(RecordedEvent e, CancellationToken ct)
    {
        var group = hub.Clients.Group(ChatHub.Group(e.Tenant.Value, e.StreamId));
        return e.Data switch
        {
            MessagePosted m => group.SendAsync("message", new PushedMessage(e.StreamId, m.MessageId, m.From, m.Author, m.Text, e.RecordedAt, e.Version), ct),
            // Positional, as they always were: a .NET client bound to (caseId, messageId) refuses a third argument. Both
            // are idempotent on the client, so a repeat is harmless without a version.
            MessageWithdrawn w => group.SendAsync("withdrawn", e.StreamId, w.MessageId, ct),
            ChatClosed c => group.SendAsync("closed", e.StreamId, c.Reason, ct),
            DeadlineWarningRaised or DeadlineBreached => DeadlineNotice.PushAsync(hub, e, ct),
            EmailFailed f => hub.Clients.Group(ChatHub.Supervisors(e.Tenant.Value)).SendAsync("email-failed", new FailedEmailNotice(e.StreamId, f.EmailId, f.Attempts, f.LastError, e.RecordedAt, e.Version), ct),
            _ => Task.CompletedTask,
        };
    }
}
