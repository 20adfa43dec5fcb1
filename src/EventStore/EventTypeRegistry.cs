using System.Text.Json;

namespace Atencion.EventStore;

/// <summary>Maps event CLR types to stored type names and (de)serializes their payloads.</summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<Type, string> _names = new();
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    /// <summary>Creates a registry using the given JSON options for payloads and metadata.</summary>
    public EventTypeRegistry(JsonSerializerOptions json) => Json = json;

    /// <summary>The serializer options used for payloads and metadata.</summary>
    public JsonSerializerOptions Json { get; }

    /// <summary>Every registered event type with the name it is stored under.</summary>
    public IReadOnlyDictionary<Type, string> Names => _names;

    /// <summary>Registers an event type under its short CLR name (e.g. <c>CaseOpened</c>).</summary>
    public EventTypeRegistry Register<T>() => Register(typeof(T));

    /// <summary>Registers an event type under its short CLR name, or under the given name.</summary>
    public EventTypeRegistry Register(Type type, string? name = null)
    {
        name ??= type.Name;
        if (_types.TryGetValue(name, out var existing) && existing != type)
            throw new InvalidOperationException($"Event type name '{name}' is already used by {existing.FullName}.");
        _names[type] = name;
        _types[name] = type;
        return this;
    }

    /// <summary>Registers every non-abstract type in an assembly that implements the given marker interface.</summary>
    public EventTypeRegistry RegisterAllImplementing<TMarker>()
    {
        foreach (var type in typeof(TMarker).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(TMarker).IsAssignableFrom(t)))
            Register(type);
        return this;
    }

    /// <summary>The stored name of an event object's type.</summary>
    public string NameOf(object @event) =>
        _names.TryGetValue(@event.GetType(), out var name)
            ? name
            : throw new InvalidOperationException($"Event type {@event.GetType().FullName} is not registered.");

    /// <summary>Serializes an event payload to JSON text.</summary>
    public string Serialize(object @event) => JsonSerializer.Serialize(@event, @event.GetType(), Json);

    /// <summary>Deserializes a stored payload, or returns it as a <see cref="JsonElement"/> when its type is unknown.</summary>
    public object Deserialize(string typeName, string json) =>
        _types.TryGetValue(typeName, out var type)
            ? JsonSerializer.Deserialize(json, type, Json)!
            : JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>Serializes metadata to JSON text.</summary>
    public string SerializeMetadata(EventMetadata metadata) => JsonSerializer.Serialize(metadata, Json);

    /// <summary>Deserializes stored metadata.</summary>
    public EventMetadata DeserializeMetadata(string json) => JsonSerializer.Deserialize<EventMetadata>(json, Json)!;
}
