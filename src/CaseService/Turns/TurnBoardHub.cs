using Atencion.Projections.Entities;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Atencion.CaseService.Turns;

/// <summary>The waiting-room screens' hub: an anonymous screen watches its entity's board and receives <c>called</c> and <c>cleared</c>.</summary>
/// <remarks>A hub of its own because the chat hub admits only staff and citizens with a chat token, and a screen has neither.</remarks>
[AllowAnonymous]
public sealed class TurnBoardHub(EntityRegistry entities) : Hub
{
    /// <summary>The hub's path.</summary>
    public const string Path = "/hubs/turns";

    /// <summary>The group of one entity's board.</summary>
    public static string Group(string tenant) => $"board:{tenant}";

    /// <summary>Watches the board of an entity.</summary>
    public async Task Watch(string tenant)
    {
        if (await entities.FindAsync(tenant, Context.ConnectionAborted) is null) throw new HubException($"There is no entity '{tenant}'.");
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(tenant));
    }
}
