using Atencion.EventStore.Marten.HashChain;
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

    [Fact]
    public async Task Applying_the_schema_reports_what_it_created_and_nothing_when_it_was_up_to_date()
    {
        var settings = new MartenSettings(f.Types, f.ChainKey);
        Assert.Empty(await MartenSchema.ApplyAsync(f.Db.AdminConnectionString, TestDatabase.AppRole, settings));

        await using (var admin = new NpgsqlConnection(f.Db.AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop function atencion_es.{ChainFoldFunction.Name}", admin);
            await drop.ExecuteNonQueryAsync();
        }
        Assert.Equal([$"atencion_es.{ChainFoldFunction.Name} (created)"],
            await MartenSchema.ApplyAsync(f.Db.AdminConnectionString, TestDatabase.AppRole, settings));

        // Spelled as PostgreSQL prints it, the function is not replaced on every apply; and a stream folds again.
        Assert.Empty(await MartenSchema.ApplyAsync(f.Db.AdminConnectionString, TestDatabase.AppRole, settings));
        var id = await f.StartAsync("tenant-b", notes: 3);
        Assert.Null(await f.VerifyAsync("tenant-b", id));
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
