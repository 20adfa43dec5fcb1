using Atencion.Domain.Turns;
using Atencion.Projections.Marten;
using Atencion.Projections.Turns;

namespace Atencion.Projections.Tests.Marten;

/// <summary>Our turn facts run on Marten's async daemon through the adapter build what today's daemon builds from the same events.</summary>
public sealed class MartenAsyncProjectionTests(MartenDaemonFixture f) : IClassFixture<MartenDaemonFixture>
{
    [Fact]
    public async Task Appended_turns_are_projected_as_a_fold_of_their_events_and_as_today_s_daemon_projects_them()
    {
        var served = await f.TurnAsync(1, waitSeconds: 420, serviceSeconds: 720, expiry: null);
        var noShow = await f.TurnAsync(2, waitSeconds: 1200, serviceSeconds: null, expiry: TurnExpiryReason.NoShow);
        var left = await f.TurnAsync(3, waitSeconds: 0, serviceSeconds: null, expiry: TurnExpiryReason.EndOfDay);

        await f.CaughtUpAsync();

        var rows = await f.RowsAsync("""
            select concat_ws('|', turn_id, service, day, waited_seconds, service_seconds, expiry, version,
                   (called_at is not null)::text, (finished_at >= issued_at)::text)
            from proj_turn_facts.turn_facts order by issued_at
            """);
        Assert.Equal(
        [
            $"{served}|registro|2026-03-02|420|720|3|true|true",
            $"{noShow}|registro|2026-03-02|1200|no-show|3|true|true",
            $"{left}|registro|2026-03-02|end-of-day|2|false|true",
        ], rows);

        await f.BuildDirectlyAsync(new TurnFactsProjection(), "turns_direct", batchSize: 2);
        Assert.Equal(await f.TurnFactsAsync("turns_direct"), await f.TurnFactsAsync("proj_turn_facts"));
    }

    [Fact]
    public async Task A_projection_gets_each_event_with_its_tenant_stream_version_sequence_timestamp_and_metadata()
    {
        await f.TurnAsync(4, waitSeconds: 60, serviceSeconds: 60, expiry: null);
        await f.CaughtUpAsync();

        var stored = await f.RowsAsync("""
            select concat_ws('|', seq_id, tenant_id, stream_id, version, id, type, timestamp, data, user_name, headers->>'role', headers->>'channel', correlation_id)
            from atencion_es.mt_events order by seq_id
            """);
        var given = await f.RowsAsync("""
            select concat_ws('|', seq, tenant_id, stream_id, version, event_id, type, recorded_at, json, user_id, role, channel, correlation_id)
            from proj_recorded_events.events order by seq
            """);
        Assert.Equal(stored, given);
        Assert.NotEmpty(given);
    }

    [Fact]
    public async Task The_owner_s_schema_apply_made_the_projection_tables_and_finds_nothing_left_to_do()
    {
        var tables = await f.RowsAsync("""
            select table_schema || '.' || table_name from information_schema.tables
            where table_schema like 'proj\_%' order by 1
            """);
        // Each projection: its live tables and control row, and the shadow tables a rebuild fills.
        Assert.Equal([
            "proj_recorded_events.atencion_control", "proj_recorded_events.events", "proj_recorded_events_next.events",
            "proj_turn_facts.atencion_control", "proj_turn_facts.turn_facts", "proj_turn_facts_failing.atencion_control",
            "proj_turn_facts_failing.turn_facts", "proj_turn_facts_failing_next.turn_facts", "proj_turn_facts_next.turn_facts"], tables);

        var migration = await f.Store.Storage.Database.CreateMigrationAsync();
        Assert.DoesNotContain(migration.Deltas, d => d.SchemaObject is ProjectionTables && d.Difference != Weasel.Core.SchemaPatchDifference.None);
    }
}
