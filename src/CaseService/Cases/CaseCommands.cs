using Atencion.EventStore.Marten.Store;
using Atencion.CaseService.Http;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Atencion.Projections;

namespace Atencion.CaseService.Cases;

/// <summary>What a command decided: the events, and what the response tells the caller besides the new version.</summary>
public sealed record Decision(IReadOnlyList<ICaseEvent> Events, string? Radicado = null, string? TrackingCode = null, string? Assignee = null,
    Surveys.SurveyOffered? Survey = null)
{
    public static implicit operator Decision(List<ICaseEvent> events) => new(events);
}

/// <summary>Runs case commands: load the case, check If-Match, decide inside a store transaction, append with the loaded version.</summary>
/// <remarks>
/// The decision runs inside the transaction so that what it allocates there (a radicado, an automatic assignee under the
/// tenant's assignment lock) commits with its events or not at all. Without If-Match a conflict means someone else
/// appended meanwhile; the command is decided again on the new state (with jitter) so that commuting commands, like
/// notes, are never lost. With If-Match the caller asked for the versions its tags name, so a conflict is a 412 unless they name the new one too.
/// </remarks>
public sealed class CaseCommands(MartenEventStore store)
{
    private const int Attempts = 60;

    /// <summary>Attempts for chat messages: a busy chat has many posters on one stream, and a message must never be lost.</summary>
    public const int ChatAttempts = 300;

    /// <summary>The store's clock.</summary>
    public DateTimeOffset Now => store.Options.Time.GetUtcNow();

    /// <summary>Opens a new case, running <paramref name="alsoDecide"/> (e.g. filing) in the same transaction.</summary>
    public Task<(AppendResult Result, Decision Extra)> OpenAsync(
        TenantId tenant, Guid caseId, IReadOnlyList<ICaseEvent> opening, EventMetadata metadata,
        Func<StoreTransaction, CancellationToken, Task<Decision>>? alsoDecide, CancellationToken ct) =>
        store.InTransactionAsync(async (t, c) =>
        {
            var extra = alsoDecide is null ? new Decision([]) : await alsoDecide(t, c);
            var events = opening.Concat(extra.Events).Cast<object>().ToList();
            return (await t.AppendAsync(tenant, caseId, EventCatalog.CaseStream, ExpectedVersion.NoStream, events, metadata, c), extra);
        }, ct);

    /// <summary>Decides and appends a command on an existing case, deciding again up to <paramref name="attempts"/> times on conflict.</summary>
    public async Task<(AppendResult Result, Decision Decision)> HandleAsync(
        TenantId tenant, Guid caseId, IfMatchCondition? ifMatch, EventMetadata metadata,
        Func<Case, StoreTransaction, CancellationToken, Task<Decision>> decide, CancellationToken ct, int attempts = Attempts)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (state, version) = await LoadAsync(tenant, caseId, ct);
            if (ifMatch is not null && !ifMatch.Matches(version)) throw new PreconditionFailed(ifMatch, version);
            try
            {
                return await store.InTransactionAsync(async (t, c) =>
                {
                    var decision = await decide(state, t, c);
                    if (decision.Events.Count == 0) return (new AppendResult(version, []), decision);
                    var result = await t.AppendAsync(tenant, caseId, EventCatalog.CaseStream, ExpectedVersion.Exactly(version),
                        decision.Events.Cast<object>().ToList(), metadata, c);
                    return (result, decision);
                }, ct);
            }
            catch (Exception e) when (StoreConflict.Of(e)?.Refuses(ifMatch) is { } refused)
            {
                throw refused;
            }
            catch (Exception e) when (StoreConflict.Of(e) is not null && attempt < attempts)
            {
                // Jitter spreads the losers out so they do not collide again in lockstep. With If-Match, only a list that also
                // names the version now current gets here: the command is decided again on it.
                await Task.Delay(Random.Shared.Next(0, Math.Min(5 * attempt, 50)), ct);
            }
        }
    }

    /// <summary>Decides and appends a command that needs nothing from the transaction.</summary>
    public Task<(AppendResult Result, Decision Decision)> HandleAsync(
        TenantId tenant, Guid caseId, IfMatchCondition? ifMatch, EventMetadata metadata, Func<Case, IReadOnlyList<ICaseEvent>> decide, CancellationToken ct,
        int attempts = Attempts) =>
        HandleAsync(tenant, caseId, ifMatch, metadata, (c, _, _) => Task.FromResult(new Decision(decide(c))), ct, attempts);

    private async Task<(Case State, long Version)> LoadAsync(TenantId tenant, Guid caseId, CancellationToken ct)
    {
        var events = await store.ReadStreamAsync(tenant, caseId, ct: ct);
        if (events.Count == 0 || events[0].Data is not CaseOpened opened) throw new ResourceNotFound($"There is no case {caseId}.");
        var state = events.Skip(1).Where(e => e.Data is ICaseEvent)
            .Aggregate(Case.Create(opened), (s, e) => s.Apply((ICaseEvent)e.Data, e.RecordedAt));
        return (state, events[^1].Version);
    }
}
