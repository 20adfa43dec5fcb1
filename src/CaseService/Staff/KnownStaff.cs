using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Http;
using Atencion.EventStore;
using Atencion.EventStore.Appending;

namespace Atencion.CaseService.Staff;

/// <summary>
/// Who a case may be assigned to by name: a staff member the entity knows (registered by an admin, or signed in to the
/// entity and marked present) and not deactivated. A case assigned to anyone else would sit in nobody's queue.
/// </summary>
public static class KnownStaff
{
    /// <summary>Refuses (422 naming <paramref name="field"/>) a user id that is not an active staff member the entity knows.</summary>
    public static async Task RequireAssignableAsync(StoreTransaction t, TenantId tenant, string userId, string field, CancellationToken ct)
    {
        await using var cmd = t.Command("select active from atencion.staff where tenant_id = @t and user_id = @u and known");
        cmd.Parameters.AddWithValue("t", tenant.Value);
        cmd.Parameters.AddWithValue("u", userId.Trim());
        switch (await cmd.ExecuteScalarAsync(ct))
        {
            case null:
                throw new InvalidReference(field, $"'{Shorten(userId)}' is not a staff member of this entity; register them (PUT staff/{{userId}}) or choose one from GET staff.");
            case false:
                throw new InvalidReference(field, $"'{Shorten(userId)}' is registered as not taking cases (active: false).");
        }
    }

    private static string Shorten(string text) => text.Length <= 100 ? text.Trim() : text.Trim()[..100] + "…";
}
