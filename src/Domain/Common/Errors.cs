namespace Atencion.Domain.Common;

/// <summary>Input that breaks a rule of form (a missing, oversized or malformed field): the command is refused as a whole.</summary>
/// <param name="Errors">The messages per field, in the request's camelCase paths (e.g. <c>citizen.email</c>).</param>
public sealed class ValidationFailed(IReadOnlyDictionary<string, string[]> Errors)
    : Exception("The request is not valid: " + string.Join("; ", Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    /// <summary>The messages per field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = Errors;
}

/// <summary>A command that is well-formed but not allowed in the current state (e.g. a note on a closed case).</summary>
/// <param name="Message">What rule refused it, naming the state.</param>
/// <param name="State">The state that refused it.</param>
public sealed class RuleViolated(string Message, string? State = null) : Exception(Message)
{
    /// <summary>The state that refused the command, if any.</summary>
    public string? State { get; } = State;
}

/// <summary>Collects field errors and throws <see cref="ValidationFailed"/> when there are any.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether any error was recorded.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>Records an error for a field.</summary>
    public Validator Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Requires a non-blank text of at most <paramref name="max"/> characters (after trimming).</summary>
    public Validator Required(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, "is required.");
        return Optional(field, value, max);
    }

    /// <summary>Allows a missing text, but caps its length and refuses control characters other than line breaks and tabs.</summary>
    public Validator Optional(string field, string? value, int max)
    {
        if (value is null) return this;
        if (value.Trim().Length > max) Add(field, $"must be at most {max} characters (it has {value.Trim().Length}).");
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) Add(field, "must not contain control characters.");
        return this;
    }

    /// <summary>Requires a plausible email address (local@domain.tld, no display name).</summary>
    public Validator Email(string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value)) return required ? Add(field, "is required.") : this;
        if (!IsEmail(value.Trim())) Add(field, $"'{value}' is not a valid email address.");
        return this;
    }

    /// <summary>Throws <see cref="ValidationFailed"/> when any error was recorded.</summary>
    public void ThrowIfAny()
    {
        if (HasErrors) throw new ValidationFailed(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    /// <summary>Whether a string is a plausible email address.</summary>
    public static bool IsEmail(string value) =>
        value.Length <= 254
        && System.Net.Mail.MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.') && !address.Host.EndsWith('.') && !value.Any(char.IsWhiteSpace);
}
