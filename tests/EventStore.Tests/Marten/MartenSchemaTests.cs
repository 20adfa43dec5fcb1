using Atencion.EventStore.Marten;
using Atencion.TestSupport;
using Npgsql;

namespace Atencion.EventStore.Tests.Marten;

public sealed class MartenSchemaTests(MartenFixture f) : IClassFixture<MartenFixture>
{
    [Fact]
    public async Task Applying_the_schema_again_keeps_the_events_the_chain_and_the_refusals()
    {
        var id = await f.StartAsync("tenant-a");

        await MartenSchema.ApplyAsync(f.Db.AdminConnectionString, TestDatabase.AppRole, new MartenSettings(f.Types, f.ChainKey));

        Assert.Null(await f.VerifyAsync("tenant-a", id));
        await using var cmd = f.AppSource.CreateCommand("delete from atencion_es.mt_events");
        var e = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
        var appendedAfter = await f.StartAsync("tenant-a");
        Assert.Null(await f.VerifyAsync("tenant-a", appendedAfter));
    }

    [Theory]
    [InlineData("Atencion_ES")]
    [InlineData("x; drop table y")]
    public void Names_that_are_not_plain_identifiers_are_refused(string schema) =>
        Assert.Throws<ArgumentException>(() => ServingRoleGrants.Sql(schema, TestDatabase.AppRole));

    [Fact]
    public void A_projection_table_in_the_event_store_s_schema_is_refused() =>
        Assert.Throws<ArgumentException>(() => ServingRoleGrants.Sql(MartenFixture.Schema, TestDatabase.AppRole,
            [new ProjectionTable(MartenFixture.Schema, "mt_events")]));
}
