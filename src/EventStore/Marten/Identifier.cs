using System.Text.RegularExpressions;

namespace Atencion.EventStore.Marten;

/// <summary>Checks names that go into SQL text unquoted (schema and role names cannot be bind parameters).</summary>
internal static partial class Identifier
{
    /// <summary>Returns the name when it is a plain lower-case identifier, and throws otherwise.</summary>
    public static string Check(string name) =>
        Plain().IsMatch(name) ? name : throw new ArgumentException($"'{name}' is not a plain SQL identifier.", nameof(name));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Plain();
}
