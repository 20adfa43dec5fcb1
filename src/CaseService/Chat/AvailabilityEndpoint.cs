using Atencion.CaseService.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atencion.CaseService.Chat;

/// <summary>Whether the chat is online; when not, why (outside-hours, holiday, no-advisor) and when it opens next.</summary>
/// <param name="Online">Within chat hours with an advisor present.</param>
/// <param name="Reason">Null when online.</param>
/// <param name="NextOpening">When the chat hours open next (closed by hours or holiday).</param>
/// <param name="Hours">The chat hours as configured, e.g. "mon-fri 08:30-09:30".</param>
public sealed record AvailabilityResponse(bool Online, string? Reason, DateTimeOffset? NextOpening, string Hours);

public static class AvailabilityEndpoint
{
    public static async Task<Ok<AvailabilityResponse>> Handle(HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var entity = TenantFilter.EntityOf(http);
        var a = await ChatHours.AvailabilityAsync(entity, db, time, ct);
        return TypedResults.Ok(new AvailabilityResponse(a.Online, a.Reason, a.NextOpening, entity.Settings.ChatHours));
    }
}
