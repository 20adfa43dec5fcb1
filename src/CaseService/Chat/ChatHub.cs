using Atencion.CaseService.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Atencion.CaseService.Chat;

/// <summary>The real-time chat: a citizen (chat token, as <c>access_token</c> in the query) or staff join a case's group and receive what is appended to it.</summary>
/// <remarks>Messages are posted over HTTP; the hub only delivers, fed from the event log by <see cref="ChatFeedPusher"/>.</remarks>
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

    /// <summary>Staff join their console's notices: their own, and the supervisors' when they are one.</summary>
    public async Task JoinConsole(string tenant)
    {
        var user = Context.User!;
        if (ChatTokens.IsCitizen(user) || user.FindFirst("tenant")?.Value != tenant)
            throw new HubException("There is no console of this entity for this caller.");
        await Groups.AddToGroupAsync(Context.ConnectionId, StaffMember(tenant, user.FindFirst("sub")!.Value));
        if (user.IsInRole(Roles.Supervisor))
            await Groups.AddToGroupAsync(Context.ConnectionId, Supervisors(tenant));
    }

    /// <summary>Joins the chat of a case of the caller's tenant; a citizen only their own.</summary>
    public async Task Join(string tenant, Guid caseId)
    {
        var user = Context.User!;
        var ownCase = !ChatTokens.IsCitizen(user) || user.FindFirst(ChatTokens.CaseClaim)?.Value == caseId.ToString();
        if (user.FindFirst("tenant")?.Value != tenant || !ownCase)
            throw new HubException($"There is no chat {caseId} for this caller.");
        if (ChatTokens.IsCitizen(user) && grace.Refusal((await views.GetAsync(new EventStore.TenantId(tenant), caseId, Context.ConnectionAborted))?.Chat) is { } refusal)
            throw new HubException(refusal);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(tenant, caseId));
    }
}
