using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Atencion.Projections;

namespace Atencion.CaseService.Cases;

/// <summary>Runs a command on an existing case: load, check If-Match, decide, append with the loaded version.</summary>
/// <remarks>
/// Without If-Match a conflict means someone else appended meanwhile; the command is decided again on the new state
/// (a few times) so that commuting commands, like notes, are never lost. With If-Match the caller asked for exactly
/// that version, so a conflict is a 412.
/// </remarks>
public sealed class CaseCommands(PostgresEventStore store)
{
    // Enough for a crowd typing into one case at once: each round one writer wins and the rest re-decide.
    private const int Attempts = 60;

    /// <summary>Opens a new case.</summary>
    public Task<AppendResult> OpenAsync(TenantId tenant, OpenCase command, EventMetadata metadata, CancellationToken ct) =>
        store.AppendAsync(tenant, command.CaseId, EventCatalog.CaseStream, ExpectedVersion.NoStream,
            command.Decide(store.Options.Time.GetUtcNow()).Cast<object>().ToList(), metadata, ct: ct);

    /// <summary>Decides and appends a command on an existing case.</summary>
    public async Task<AppendResult> HandleAsync(
        TenantId tenant, Guid caseId, long? ifMatch, EventMetadata metadata,
        Func<Case, IReadOnlyList<ICaseEvent>> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (state, version) = await LoadAsync(tenant, caseId, ct);
            if (ifMatch is { } wanted && wanted != version) throw new PreconditionFailed(wanted, version);
            var events = decide(state);
            try
            {
                return await store.AppendAsync(tenant, caseId, EventCatalog.CaseStream, ExpectedVersion.Exactly(version),
                    events.Cast<object>().ToList(), metadata, ct: ct);
            }
            catch (WrongExpectedVersionException e) when (ifMatch is not null)
            {
                throw new PreconditionFailed(ifMatch.Value, e.Actual);
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
                // Jitter spreads the losers out so they do not collide again in lockstep.
                await Task.Delay(Random.Shared.Next(0, Math.Min(5 * attempt, 50)), ct);
            }
        }
    }

    private async Task<(Case State, long Version)> LoadAsync(TenantId tenant, Guid caseId, CancellationToken ct)
    {
        var events = await store.ReadStreamAsync(tenant, caseId, ct: ct);
        if (events.Count == 0 || events[0].Data is not CaseOpened opened) throw new ResourceNotFound($"There is no case {caseId}.");
        var state = events.Skip(1).Select(e => e.Data).OfType<ICaseEvent>().Aggregate(Case.Create(opened), (s, e) => s.Apply(e));
        return (state, events[^1].Version);
    }
}
