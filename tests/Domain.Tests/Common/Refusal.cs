using Atencion.Domain.Common;

namespace Atencion.Domain.Tests.Common;

/// <summary>Runs a decision that must be refused and returns the messages per field, as the API's problem answer lists them.</summary>
public static class Refusal
{
    public static IReadOnlyDictionary<string, string[]> Of(Action decide) => Assert.Throws<ValidationFailed>(decide).Errors;

    public static IReadOnlyDictionary<string, string[]> Of<T>(Func<T> decide) => Assert.Throws<ValidationFailed>(() => decide()).Errors;

    /// <summary>The messages of one field, failing with every field's messages when that one has none.</summary>
    public static string[] For(this IReadOnlyDictionary<string, string[]> errors, string field) =>
        errors.TryGetValue(field, out var messages)
            ? messages
            : throw new Xunit.Sdk.XunitException($"no error for '{field}'; errors were: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
}
