using JasperFx;
using Marten;

namespace Atencion.EventStore.Tests.Marten;

public sealed class MartenAppendTests(MartenFixture f) : IClassFixture<MartenFixture>
{
    [Fact]
    public async Task The_same_stream_id_holds_separate_histories_in_two_tenants()
    {
        var id = Guid.NewGuid();
        await using (var a = f.Store.LightweightSession("tenant-a"))
        {
            a.Events.StartStream(id, new Opened("in a"), new Noted("n", 1));
            await a.SaveChangesAsync();
        }
        await using (var b = f.Store.LightweightSession("tenant-b"))
        {
            b.Events.StartStream(id, new Opened("in b"));
            await b.SaveChangesAsync();
        }

        await using var qa = f.Store.QuerySession("tenant-a");
        await using var qb = f.Store.QuerySession("tenant-b");
        var inA = await qa.Events.FetchStreamAsync(id);
        var inB = await qb.Events.FetchStreamAsync(id);
        Assert.Equal(["in a"], inA.Select(e => e.Data).OfType<Opened>().Select(o => o.Subject));
        Assert.Equal(2, inA.Count);
        Assert.Equal(["in b"], inB.Select(e => e.Data).OfType<Opened>().Select(o => o.Subject));
        Assert.Null(await f.VerifyAsync("tenant-a", id));
        Assert.Null(await f.VerifyAsync("tenant-b", id));
    }

    [Fact]
    public async Task Stored_type_names_are_the_registry_names()
    {
        var id = await f.StartAsync("tenant-a", notes: 1);

        var types = await f.ScalarAsync<string[]>($"select array_agg(type order by version) from {MartenFixture.Schema}.mt_events where stream_id = '{id}'");

        Assert.Equal([f.Types.NameOf(new Opened("")), f.Types.NameOf(new Noted("", 0))], types);
        Assert.Equal(["Opened", "case.noted"], types);
    }

    [Fact]
    public async Task Payloads_are_stored_in_camel_case()
    {
        var id = await f.StartAsync("tenant-a", notes: 1);

        var data = await f.ScalarAsync<string>($"select data::text from {MartenFixture.Schema}.mt_events where stream_id = '{id}' and version = 2");

        Assert.Equal("""{"text": "note 1", "number": 1}""", data);
    }

    [Fact]
    public async Task Metadata_is_stored_with_each_event()
    {
        var id = Guid.NewGuid();
        await using (var session = f.Store.LightweightSession("tenant-a"))
        {
            session.CorrelationId = "corr-1";
            session.CausationId = "cause-1";
            session.LastModifiedBy = "ana";
            session.SetHeader("role", "advisor");
            session.Events.StartStream(id, new Opened("with metadata"));
            await session.SaveChangesAsync();
        }

        await using var query = f.Store.QuerySession("tenant-a");
        var stored = Assert.Single(await query.Events.FetchStreamAsync(id));
        Assert.Equal(("corr-1", "cause-1", "ana"), (stored.CorrelationId, stored.CausationId, stored.UserName));
        Assert.Equal("advisor", stored.Headers!["role"]?.ToString());
    }

    [Fact]
    public async Task An_append_at_the_current_version_succeeds_and_a_stale_one_is_refused()
    {
        var id = await f.StartAsync("tenant-a", notes: 1);

        await using (var session = f.Store.LightweightSession("tenant-a"))
        {
            // Marten's expected version is the version after the append (PLAN.md): If-Match 2 + 1 event = 3.
            session.Events.Append(id, 3, new Noted("current", 2));
            await session.SaveChangesAsync();
        }
        await using (var stale = f.Store.LightweightSession("tenant-a"))
        {
            stale.Events.Append(id, 3, new Noted("stale", 3));
            await Assert.ThrowsAnyAsync<ConcurrencyException>(() => stale.SaveChangesAsync());
        }

        await using var query = f.Store.QuerySession("tenant-a");
        Assert.Equal(3, (await query.Events.FetchStreamAsync(id)).Count);
        Assert.Equal(3, await f.ScalarAsync<long>($"select count(*) from {MartenFixture.Schema}.event_hashes where stream_id = '{id}'"));
        Assert.Null(await f.VerifyAsync("tenant-a", id));
    }

    [Fact]
    public async Task Every_appended_event_is_chained()
    {
        var ids = new[] { await f.StartAsync("tenant-a"), await f.StartAsync("tenant-b", notes: 5) };
        await using (var session = f.Store.LightweightSession("tenant-a"))
        {
            session.Events.Append(ids[0], new Noted("later", 9));
            await session.SaveChangesAsync();
        }

        Assert.Equal(5, await f.ScalarAsync<long>($"select version from {MartenFixture.Schema}.stream_heads where stream_id = '{ids[0]}'"));
        Assert.Null(await f.VerifyAsync("tenant-a", ids[0]));
        Assert.Null(await f.VerifyAsync("tenant-b", ids[1]));
    }

    [Fact]
    public async Task The_whole_store_verifies_when_nothing_was_touched()
    {
        await f.StartAsync("tenant-a");
        await f.StartAsync("tenant-c", notes: 0);
        await using var conn = await f.AppSource.OpenConnectionAsync();

        Assert.Empty(await f.Verifier.VerifyAsync(conn));
    }
}
