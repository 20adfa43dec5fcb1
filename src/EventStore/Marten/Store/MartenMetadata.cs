using System.Text.Json;
using JasperFx.Events;
using Marten;

namespace Atencion.EventStore.Marten.Store;

/// <summary>Carries our <see cref="EventMetadata"/> in Marten's metadata columns: user name, correlation, causation, and headers for the rest.</summary>
/// <remarks>
/// The stream's type travels as a header of every event: Marten's <c>mt_streams.type</c> holds a CLR aggregate's alias
/// (and stays null for an untyped stream), while our streams are typed by a name (<c>case</c>), and the serving role may
/// not update that column.
/// </remarks>
internal static class MartenMetadata
{
    public const string Role = "role";
    public const string Channel = "channel";
    public const string OnBehalfOf = "onBehalfOf";
    public const string StreamType = "streamType";

    /// <summary>Stamps the session (one per append) so that every event it saves carries the metadata.</summary>
    public static void Stamp(IDocumentSession session, EventMetadata metadata, string streamType)
    {
        session.LastModifiedBy = metadata.UserId;
        session.CorrelationId = metadata.CorrelationId.ToString();
        session.CausationId = metadata.CausationId?.ToString();
        session.SetHeader(StreamType, streamType);
        if (metadata.Role is not null) session.SetHeader(Role, metadata.Role);
        if (metadata.Channel is not null) session.SetHeader(Channel, metadata.Channel);
        if (metadata.OnBehalfOf is not null) session.SetHeader(OnBehalfOf, metadata.OnBehalfOf);
    }

    /// <summary>Reads the metadata back from a stored event.</summary>
    public static EventMetadata Read(IEvent e) => new(
        e.UserName,
        Header(e, Role),
        Header(e, OnBehalfOf),
        Header(e, Channel),
        Guid.TryParse(e.CorrelationId, out var correlation) ? correlation : Guid.Empty,
        Guid.TryParse(e.CausationId, out var causation) ? causation : null);

    /// <summary>Reads the metadata from a row of <c>mt_events</c>: its user name, correlation and causation ids and headers (JSON).</summary>
    public static EventMetadata FromColumns(string? userName, string? correlationId, string? causationId, string? headersJson)
    {
        Dictionary<string, JsonElement>? headers = headersJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(headersJson);
        string? Get(string key) => headers is not null && headers.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new(userName, Get(Role), Get(OnBehalfOf), Get(Channel),
            Guid.TryParse(correlationId, out var correlation) ? correlation : Guid.Empty,
            Guid.TryParse(causationId, out var causation) ? causation : null);
    }

    private static string? Header(IEvent e, string key) =>
        e.Headers is { } headers && headers.TryGetValue(key, out var value) ? value?.ToString() : null;
}
