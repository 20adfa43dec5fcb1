using Atencion.TestSupport;
using Npgsql;

namespace Atencion.CaseService.Tests.Hosting;

/// <summary>Start-up applies Marten's schema (issue 14) as the owner, beside today's, and the serving role gets no more than its grants.</summary>
public sealed class MartenSchemaOnStartupTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Schema = "atencion_es";

    [Theory]
    [InlineData("mt_events")]
    [InlineData("mt_streams")]
    [InlineData("event_hashes")]
    [InlineData("stream_heads")]
    public async Task Start_up_creates_the_marten_tables(string table)
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select to_regclass('{Schema}.{table}') is not null", conn);
        Assert.True((bool)(await cmd.ExecuteScalarAsync())!, $"{Schema}.{table} does not exist after start-up");
    }

    [Fact]
    public async Task The_serving_role_may_read_marten_events_but_not_rewrite_them()
    {
        await using var conn = new NpgsqlConnection(f.Db.AppConnectionString);
        await conn.OpenAsync();
        // It reads what the superuser sees (the service's own events since start-up).
        await using (var read = new NpgsqlCommand($"select count(*) from {Schema}.mt_events where type <> 'tombstone'", conn))
            Assert.Equal(await f.Db.CountEventsAsync(), (long)(await read.ExecuteScalarAsync())!);

        await using var update = new NpgsqlCommand($"update {Schema}.mt_events set data = data", conn);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal(TestDatabase.AppRole, new NpgsqlConnectionStringBuilder(f.Db.AppConnectionString).Username);
    }
}
