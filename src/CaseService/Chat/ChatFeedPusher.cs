using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Jobs;
using Atencion.Domain.Cases;
using Atencion.Domain.Chat;
using Atencion.EventStore;
using Microsoft.AspNetCore.SignalR;
using Npgsql;

namespace Atencion.CaseService.Chat;

/// <summary>A message as the hub pushes it (event <c>message</c>); <c>withdrawn</c> and <c>closed</c> carry the case and message or reason.</summary>
public sealed record PushedMessage(Guid CaseId, Guid MessageId, MessageSender From, string? Author, string Text, DateTimeOffset At);

/// <summary>What supervisors hear when an email could not be delivered after every attempt (they also get an email).</summary>
public sealed record FailedEmailNotice(Guid CaseId, Guid EmailId, int Attempts, string LastError, DateTimeOffset At);

/// <summary>Each node's pusher of chat events to the case's hub group, and of deadline notices to the console groups.</summary>
/// <remarks>A client that reconnects reads what it missed with GET …/messages?after=.</remarks>
public sealed class ChatFeedPusher(NpgsqlDataSource db, MartenEventStore store, IHubContext<ChatHub> hub, ILogger<ChatFeedPusher> log)
    : Hosting.FeedPusher(db, store, log)
{
    protected override string What => "Chat feed";

    protected override Task PushAsync(RecordedEvent e, CancellationToken ct)
    {
        var group = hub.Clients.Group(ChatHub.Group(e.Tenant.Value, e.StreamId));
        return e.Data switch
        {
            MessagePosted m => group.SendAsync("message", new PushedMessage(e.StreamId, m.MessageId, m.From, m.Author, m.Text, e.RecordedAt), ct),
            MessageWithdrawn w => group.SendAsync("withdrawn", e.StreamId, w.MessageId, ct),
            ChatClosed c => group.SendAsync("closed", e.StreamId, c.Reason, ct),
            DeadlineWarningRaised or DeadlineBreached => DeadlineNotice.PushAsync(hub, e, ct),
            EmailFailed f => hub.Clients.Group(ChatHub.Supervisors(e.Tenant.Value)).SendAsync("email-failed", new FailedEmailNotice(e.StreamId, f.EmailId, f.Attempts, f.LastError, e.RecordedAt), ct),
            _ => Task.CompletedTask,
        };
    }
}
