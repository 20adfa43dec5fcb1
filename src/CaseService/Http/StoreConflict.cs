using System.Globalization;
using System.Text.RegularExpressions;
using Atencion.EventStore;

namespace Atencion.CaseService.Http;

/// <summary>An append refused because its stream moved on meanwhile: today's store's conflict or Marten's (issue 14), answered alike.</summary>
/// <param name="Actual">The stream's version when the exception tells it; null when it does not (or the stream does not exist).</param>
public sealed partial record StoreConflict(long? Actual)
{
    /// <summary>The conflict an exception reports, or null when it is not one.</summary>
    /// <remarks>
    /// Marten throws <c>EventStreamUnexpectedMaxEventIdException</c> (a <c>JasperFx.ConcurrencyException</c>) for a stale
    /// expected version and <c>ExistingStreamIdCollisionException</c> (JasperFx's, or Marten's own, which does not derive from
    /// it) when a stream it was told to start exists. Neither carries the current version as a property; the first names it
    /// in its message ("expected 2 but was 5"), and says -1 when the database's unique index caught the race.
    /// </remarks>
    public static StoreConflict? Of(Exception exception) => exception switch
    {
        WrongExpectedVersionException w => new StoreConflict(w.Actual),
        JasperFx.Events.EventStreamUnexpectedMaxEventIdException m => new StoreConflict(ActualIn(m.Message)),
        JasperFx.ConcurrencyException => new StoreConflict((long?)null),
        JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException => new StoreConflict((long?)null),
        _ => null,
    };

    /// <summary>The 412 for a caller whose If-Match names none of the stream's versions now; null when there is no If-Match or it names the current one.</summary>
    public PreconditionFailed? Refuses(IfMatchCondition? ifMatch) =>
        ifMatch is not null && !(Actual is { } now && ifMatch.Matches(now)) ? new PreconditionFailed(ifMatch, Actual) : null;

    /// <summary>The 409's detail.</summary>
    public string Detail => Actual is { } now
        ? $"The case changed while this command ran (now at version {now}); retry."
        : "The case changed while this command ran; retry.";

    private static long? ActualIn(string message) =>
        WasVersion().Match(message) is { Success: true } m && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : null;

    [GeneratedRegex(@"but was (\d+)\s*$")]
    private static partial Regex WasVersion();
}
