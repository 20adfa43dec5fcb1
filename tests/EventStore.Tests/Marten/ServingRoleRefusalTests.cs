using Npgsql;

namespace Atencion.EventStore.Tests.Marten;

/// <summary>The serving role may append but not rewrite: each statement below must fail with 42501 (insufficient privilege).</summary>
public sealed class ServingRoleRefusalTests(MartenFixture f) : IClassFixture<MartenFixture>
{
    [Theory]
    [InlineData("update atencion_es.mt_events set data = '{}'::jsonb")]
    [InlineData("update atencion_es.mt_events set version = version")]
    [InlineData("delete from atencion_es.mt_events")]
    [InlineData("truncate atencion_es.mt_events")]
    [InlineData("update atencion_es.mt_streams set type = type")]
    [InlineData("update atencion_es.mt_streams set tenant_id = tenant_id")]
    [InlineData("delete from atencion_es.mt_streams")]
    [InlineData("truncate atencion_es.mt_streams")]
    [InlineData("update atencion_es.event_hashes set hash = hash")]
    [InlineData("delete from atencion_es.event_hashes")]
    [InlineData("truncate atencion_es.event_hashes")]
    [InlineData("delete from atencion_es.stream_heads")]
    [InlineData("truncate atencion_es.stream_heads")]
    [InlineData("select setval('atencion_es.mt_events_sequence', 1)")]
    [InlineData("alter table atencion_es.mt_events disable trigger all")]
    [InlineData("drop table atencion_es.event_hashes")]
    [InlineData("create table atencion_es.x (i int)")]
    public async Task The_serving_role_cannot_rewrite_the_log(string sql)
    {
        await f.StartAsync("tenant-a");
        await using var cmd = f.AppSource.CreateCommand(sql);

        var e = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Theory]
    [InlineData("update atencion_es.mt_streams set version = version, timestamp = timestamp where false")]
    [InlineData("update atencion_es.mt_events set is_archived = is_archived where false")]
    public async Task The_serving_role_keeps_what_appends_and_archiving_need(string sql)
    {
        await using var cmd = f.AppSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    [Theory]
    [InlineData("idle_in_transaction_session_timeout", "5s")]
    [InlineData("statement_timeout", "30s")]
    public async Task The_serving_role_runs_under_transaction_bounds(string setting, string value)
    {
        await using var cmd = f.AppSource.CreateCommand($"show {setting}");
        Assert.Equal(value, (string?)await cmd.ExecuteScalarAsync());
    }
}
