using System.Text.RegularExpressions;

namespace Atencion.EventStore;

/// <summary>The identifier of an entity (tenant) that owns streams: lower-case letters, digits and hyphens.</summary>
public readonly partial record struct TenantId
{
    /// <summary>Creates a tenant id, refusing anything that is not a lower-case slug of 2 to 63 characters.</summary>
    public TenantId(string value)
    {
        if (!IsValid(value))
            throw new ArgumentException($"'{value}' is not a valid tenant id (lower-case letters, digits and hyphens, 2 to 63 characters).", nameof(value));
        Value = value;
    }

    /// <summary>The slug, e.g. <c>personeria-floridablanca</c>.</summary>
    public string Value { get; }

    /// <summary>Whether a string is a well-formed tenant id.</summary>
    public static bool IsValid(string? value) => value is not null && Slug().IsMatch(value);

    /// <inheritdoc />
    public override string ToString() => Value;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex Slug();
}
