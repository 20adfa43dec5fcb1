using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.Projections.Daemon;

namespace Atencion.CaseService.Tests.Admin;

/// <summary>A test projection that records every event's seq and throws on a note containing <see cref="Poison"/> until cured (the "fix").</summary>
public sealed class PoisonProjection : IAsyncProjection
{
    public const string Poison = "veneno";

    /// <summary>Whether the bug is fixed.</summary>
    public bool Cured { get; set; }

    public string Name => "poison_test";

    public string CreateTablesSql(string schema) => $"create table {schema}.seen (seq bigint primary key, type text not null)";

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionWrite write, CancellationToken ct)
    {
        foreach (var e in events)
            if (!Cured && e.Data is NoteAdded n && n.Text.Contains(Poison))
                throw new InvalidOperationException($"cannot digest note {n.NoteId}");
        await using var cmd = write.Command($"insert into {write.Schema}.seen select * from unnest(@seqs, @types)");
        cmd.Parameters.AddWithValue("seqs", events.Select(e => e.Seq).ToArray());
        cmd.Parameters.AddWithValue("types", events.Select(e => e.EventType).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
