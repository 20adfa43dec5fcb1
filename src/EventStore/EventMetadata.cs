namespace Atencion.EventStore;

/// <summary>Who caused an event, on whose behalf, through which channel, and how it relates to other messages.</summary>
/// <param name="UserId">The acting user (staff id, "citizen" for an anonymous citizen, "system" for jobs).</param>
/// <param name="Role">The actor's role (advisor, supervisor, citizen, system …).</param>
/// <param name="OnBehalfOf">The person the actor acted for, when not themselves (e.g. a citizen on the phone).</param>
/// <param name="Channel">The channel the interaction came through (chat, web, email, phone, in-person, api).</param>
/// <param name="CorrelationId">The id shared by everything one request caused.</param>
/// <param name="CausationId">The id of the message or event that directly caused this one.</param>
public sealed record EventMetadata(
    string? UserId,
    string? Role,
    string? OnBehalfOf,
    string? Channel,
    Guid CorrelationId,
    Guid? CausationId = null)
{
    /// <summary>Metadata for work the system does on its own (jobs, seeding).</summary>
    public static EventMetadata System(string? channel = null) => new("system", "system", null, channel, Guid.NewGuid());
}
