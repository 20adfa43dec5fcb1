using Atencion.Domain.Turns;
using Atencion.EventStore;
using Atencion.Projections.Turns;
using Npgsql;

namespace Atencion.Projections.Tests.Turns;

/// <summary>The turn facts hold each turn's measured times, whatever the batching, and a batch applied twice changes nothing.</summary>
public sealed class TurnFactsProjectionTests(ProjectionFixture f) : IClassFixture<ProjectionFixture>
{
    private static readonly TenantId Tenant = new("camara-facatativa");

    private async Task<Guid> TurnAsync(int number, int waitMinutes, int? serviceMinutes, TurnExpiryReason? expiry)
    {
        var id = Guid.NewGuid();
        var day = DateOnly.FromDateTime(f.Time.GetUtcNow().UtcDateTime);
        await f.Store.AppendAsync(Tenant, id, EventCatalog.TurnStream, ExpectedVersion.NoStream,
            [new TurnIssued(id, "registro", Turn.LabelOf("R", number), number, day)], ProjectionFixture.Ana);
        f.Time.Advance(TimeSpan.FromMinutes(waitMinutes));
        if (expiry == TurnExpiryReason.EndOfDay)
        {
            await f.Store.AppendAsync(Tenant, id, EventCatalog.TurnStream, ExpectedVersion.Any, [new TurnExpired("registro", TurnExpiryReason.EndOfDay)], ProjectionFixture.Ana);
            return id;
        }
        await f.Store.AppendAsync(Tenant, id, EventCatalog.TurnStream, ExpectedVersion.Any,
            [new TurnCalled("registro", Turn.LabelOf("R", number), "Módulo 1", waitMinutes * 60)], ProjectionFixture.Ana);
        f.Time.Advance(TimeSpan.FromMinutes(serviceMinutes ?? 5));
        object last = serviceMinutes is { } s
            ? new TurnServed("registro", Guid.NewGuid(), waitMinutes * 60, s * 60)
            : new TurnExpired("registro", TurnExpiryReason.NoShow);
        await f.Store.AppendAsync(Tenant, id, EventCatalog.TurnStream, ExpectedVersion.Any, [last], ProjectionFixture.Ana);
        return id;
    }

    private async Task<List<string>> BuildAsync(string schema, int batchSize, bool applyTwice)
    {
        await using var conn = new NpgsqlConnection(f.Db.AdminConnectionString);
        await conn.OpenAsync();
        var projection = new TurnFactsProjection();
        await using (var create = new NpgsqlCommand($"create schema {schema}; {projection.CreateTablesSql(schema)}", conn))
            await create.ExecuteNonQueryAsync();
        await foreach (var batch in f.FeedBatchesAsync(batchSize))
        {
            for (var pass = 0; pass < (applyTwice ? 2 : 1); pass++)
            {
                await using var tx = await conn.BeginTransactionAsync();
                await projection.ApplyAsync(batch, new Daemon.ProjectionWrite(conn, tx, schema), default);
                await tx.CommitAsync();
            }
        }
        await using var dump = new NpgsqlCommand($"""
            select concat_ws('|', turn_id, service, day, waited_seconds, service_seconds, expiry, version,
                   extract(epoch from called_at - issued_at), extract(epoch from finished_at - called_at))
            from {schema}.turn_facts order by issued_at, turn_id
            """, conn);
        var rows = new List<string>();
        await using var r = await dump.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(r.GetString(0));
        return rows;
    }

    [Fact]
    public async Task Each_turn_keeps_its_waiting_and_service_times_and_how_it_ended_whatever_the_batching()
    {
        var day = DateOnly.FromDateTime(f.Time.GetUtcNow().UtcDateTime);
        var served = await TurnAsync(1, waitMinutes: 7, serviceMinutes: 12, expiry: null);
        var noShow = await TurnAsync(2, waitMinutes: 20, serviceMinutes: null, expiry: TurnExpiryReason.NoShow);
        var left = await TurnAsync(3, waitMinutes: 90, serviceMinutes: null, expiry: TurnExpiryReason.EndOfDay);

        var whole = await BuildAsync("turns_whole", batchSize: 10_000, applyTwice: false);
        Assert.Equal(await BuildAsync("turns_one", batchSize: 1, applyTwice: false), whole);
        Assert.Equal(await BuildAsync("turns_twice", batchSize: 2, applyTwice: true), whole);

        Assert.Equal(
        [
            $"{served}|registro|{day:yyyy-MM-dd}|420|720|3|420.000000|720.000000",
            $"{noShow}|registro|{day:yyyy-MM-dd}|1200|no-show|3|1200.000000|300.000000",
            $"{left}|registro|{day:yyyy-MM-dd}|end-of-day|2",
        ], whole);
    }
}
