using Npgsql;

namespace Atencion.Projections.Tests.Marten;

/// <summary>The serving role, which runs the daemon, on the tables of the projections the store registers.</summary>
public sealed class MartenProjectionGrantsTests(MartenDaemonFixture f) : IClassFixture<MartenDaemonFixture>
{
    [Theory]
    [InlineData("truncate proj_turn_facts.turn_facts")]
    [InlineData("drop table proj_recorded_events.events")]
    [InlineData("create table proj_turn_facts.extra (id int)")]
    [InlineData("alter table proj_turn_facts_failing.turn_facts add column extra int")]
    public async Task The_serving_role_may_not_truncate_drop_or_change_projection_tables(string sql)
    {
        var e = await Assert.ThrowsAsync<PostgresException>(() => AsServingRoleAsync(sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Theory]
    [InlineData("proj_turn_facts.turn_facts")]
    [InlineData("proj_turn_facts_failing.turn_facts")]
    [InlineData("proj_recorded_events.events")]
    public async Task The_serving_role_reads_writes_and_empties_every_registered_projection_s_tables(string table)
    {
        // In a transaction rolled back: the daemon's rows stay as they are.
        await using var conn = new NpgsqlConnection(f.Db.AppConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var sql in new[] { $"select count(*) from {table}", $"update {table} set tenant_id = tenant_id", $"delete from {table}" })
        {
            await using var cmd = new NpgsqlCommand(sql, conn, tx);
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.RollbackAsync();
    }

    private async Task AsServingRoleAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(f.Db.AppConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
