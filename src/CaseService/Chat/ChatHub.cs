using Atencion.CaseService.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Atencion.CaseService.Chat;

/// <summary>The real-time chat: a citizen (chat token, as <c>access_token</c> in the query) is in their case's group from connecting; staff join a case's group; both receive what is appended to it.</summary>
/// <remarks>Messages are posted over HTTP; the hub only delivers, fed from the event log by this node's <see cref="RealTime.HubSubscription"/> (<see cref="ChatHubPusher"/>).</remarks>
[Authorize(Policy = Roles.InChat)]
public sealed class ChatHub(Projections.Cases.CaseViews views, ClosedChatGrace grace) : Hub
{
    /// <summary>The hub's path.</summary>
    public const string Path = "/hubs/chat";

    /// <summary>The group of one case's chat.</summary>
    public static string Group(string tenant, Guid caseId) => $"{tenant}:{caseId}";

    /// <summary>The group of an entity's supervisors (deadline notices, lapsed presence, failed emails).</summary>
    public static string Supervisors(string tenant) => $"{tenant}:supervisors";

    /// <summary>The group of one staff member's consoles (deadline notices about their cases).</summary>
    public static string StaffMember(string tenant, string userId) => $"{tenant}:staff:{userId}";

    /// <summary>
    /// Every connection, the first and each automatic reconnection, is put into the groups its token names: a citizen's into
    /// their case's chat (a chat token names exactly one case), staff into their console's. So a client that reconnects
    /// after a restart or a dropped network receives again without calling Join; staff Join again the cases they had open.
    /// </summary>
    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        var tenant = user.FindFirst("tenant")!.Value;
        if (ChatTokens.IsCitizen(user))
        {
            var caseId = Guid.Parse(user.FindFirst(ChatTokens.CaseClaim)!.Value);
            await JoinOwnChat(tenant, caseId);
            // The handshake completes before this runs: from "joined" on nothing is missed, so a widget reads what it
            // may have missed (GET …/messages?after=) then, not merely when start() or onreconnected resolve.
            await Clients.Caller.SendAsync("joined", caseId);
        }
        else
            await JoinConsoleGroups(tenant);
        await base.OnConnectedAsync();
    }

    /// <summary>Staff join their console's notices: their own, and the supervisors' when they are one.</summary>
    /// <remarks>Done on connecting; kept for clients written before that.</remarks>
    public async Task JoinConsole(string tenant)
    {
        var user = Context.User!;
        if (ChatTokens.IsCitizen(user) || user.FindFirst("tenant")?.Value != tenant)
            throw new HubException("There is no console of this entity for this caller.");
        await JoinConsoleGroups(tenant);
    }

    private async Task JoinConsoleGroups(string tenant)
    {
        var user = Context.User!;
        await Groups.AddToGroupAsync(Context.ConnectionId, StaffMember(tenant, user.FindFirst("sub")!.Value));
        if (user.IsInRole(Roles.Supervisor))
            await Groups.AddToGroupAsync(Context.ConnectionId, Supervisors(tenant));
    }

    /// <summary>The citizen's own chat, while its token still opens it (a closed chat's grace).</summary>
    private async Task JoinOwnChat(string tenant, Guid caseId)
    {
        if (grace.Refusal((await views.GetAsync(new EventStore.TenantId(tenant), caseId, Context.ConnectionAborted))?.Chat) is { } refusal)
            throw new HubException(refusal);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(tenant, caseId));
    }

    /// <summary>Joins the chat of a case of the caller's tenant; a citizen only their own (already joined on connecting: harmless).</summary>
    public async Task Join(string tenant, Guid caseId)
    {
        var user = Context.User!;
        var ownCase = !ChatTokens.IsCitizen(user) || user.FindFirst(ChatTokens.CaseClaim)?.Value == caseId.ToString();
        if (user.FindFirst("tenant")?.Value != tenant || !ownCase)
            throw new HubException($"There is no chat {caseId} for this caller.");
        if (ChatTokens.IsCitizen(user)) await JoinOwnChat(tenant, caseId);
        else await Groups.AddToGroupAsync(Context.ConnectionId, Group(tenant, caseId));
    }
}
