using Atencion.EventStore.Marten.Store;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.EventStore.Appending;
using Atencion.EventStore.Reading;
using Atencion.Projections.Cases;
using Microsoft.Extensions.Time.Testing;

namespace Atencion.Projections.Tests.Cases;

/// <summary>The inline case view against a real PostgreSQL: what the console reads is what a rebuild from the log would give.</summary>
public sealed class CaseViewProjectionTests(ProjectionFixture f) : IClassFixture<ProjectionFixture>
{
    private static readonly TenantId Flori = new("personeria-floridablanca");
    private static readonly TenantId Tenjo = new("alcaldia-tenjo");
    private static readonly Citizen Luz = new("Luz Marina Rueda", "luz@example.com", "300 123 4567", IdType.Cc, "63123456");

    private async Task<(Guid Id, long Version)> OpenAsync(TenantId tenant, Citizen? citizen = null, Guid? id = null, MartenEventStore? store = null)
    {
        store ??= f.Store;
        var command = new OpenCase(id ?? Guid.CreateVersion7(), Channel.Phone, citizen, "Derecho de petición", "Solicito información sobre mi proceso.",
            store.Options.Time.GetUtcNow().AddHours(-1));
        var result = await store.AppendAsync(tenant, command.CaseId, EventCatalog.CaseStream, ExpectedVersion.NoStream,
            [.. command.Decide(new CaseClock(store.Options.Time.GetUtcNow(), Domain.Calendar.EntityTimeZone.Default, Domain.Calendar.BusinessCalendar.National,
                new Dictionary<Domain.Calendar.PqrsdType, int>()))], ProjectionFixture.Ana);
        return (command.CaseId, result.Version);
    }

    private static async Task<long> AppendAsync(MartenEventStore store, TenantId tenant, Guid id, long version, EventMetadata who, params ICaseEvent[] events) =>
        (await store.AppendAsync(tenant, id, EventCatalog.CaseStream, ExpectedVersion.Exactly(version), [.. events], who)).Version;

    private static NoteAdded Note(string text) => new(Guid.CreateVersion7(), text);

    private async Task<CaseView?> RebuiltAsync(TenantId tenant, Guid id) => CaseView.FromEvents(await f.Store.ReadStreamAsync(tenant, id));

    private async Task AssertInlineEqualsRebuiltAsync(TenantId tenant, Guid id)
    {
        var inline = await f.CaseViews.GetAsync(tenant, id, default);
        var rebuilt = await RebuiltAsync(tenant, id);
        Assert.NotNull(inline);
        Assert.Equal(f.Show(rebuilt), f.Show(inline));

        // The columns the lists filter and sort on agree with the document.
        await using var cmd = f.DataSource.CreateCommand(
            "select version, status, channel, opened_at, updated_at from atencion.case_views where tenant_id = $1 and case_id = $2");
        cmd.Parameters.AddWithValue(tenant.Value);
        cmd.Parameters.AddWithValue(id);
        await using var row = await cmd.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal(rebuilt!.Version, row.GetInt64(0));
        Assert.Equal("open", row.GetString(1));
        Assert.Equal("phone", row.GetString(2));
        Assert.Equal(rebuilt.OpenedAt, row.GetFieldValue<DateTimeOffset>(3));
        Assert.Equal(rebuilt.UpdatedAt, row.GetFieldValue<DateTimeOffset>(4));
    }

    [Fact]
    public void The_store_is_wired_like_the_service()
    {
        Assert.True(new CaseViewProjection(f.Json).Handles(EventCatalog.CaseStream));
        Assert.False(new CaseViewProjection(f.Json).Handles(EventCatalog.EntityStream));
    }

    [Fact]
    public async Task An_opened_case_reads_back_with_its_citizen_right_after_the_append()
    {
        var (id, version) = await OpenAsync(Flori, Luz);

        var view = await f.CaseViews.GetAsync(Flori, id, default);

        Assert.NotNull(view);
        Assert.Equal(2, version);
        Assert.Equal(2, view.Version);
        Assert.Equal(Luz, view.Citizen);
        Assert.Equal("ana", view.OpenedBy);
        Assert.Equal(f.Time.GetUtcNow(), view.OpenedAt);
        Assert.Equal(f.Time.GetUtcNow().AddHours(-1), view.ReceivedAt);
        await AssertInlineEqualsRebuiltAsync(Flori, id);
    }

    [Fact]
    public async Task After_a_sequence_of_appends_the_inline_view_equals_a_rebuild_from_the_log()
    {
        var (id, v) = await OpenAsync(Flori);
        await AssertInlineEqualsRebuiltAsync(Flori, id);

        f.Time.Advance(TimeSpan.FromMinutes(3));
        v = await AppendAsync(f.Store, Flori, id, v, ProjectionFixture.Ana, new CitizenIdentified(Luz));
        await AssertInlineEqualsRebuiltAsync(Flori, id);

        f.Time.Advance(TimeSpan.FromMinutes(5));
        v = await AppendAsync(f.Store, Flori, id, v, ProjectionFixture.Beto, Note("Se devolvió la llamada."));
        await AssertInlineEqualsRebuiltAsync(Flori, id);

        f.Time.Advance(TimeSpan.FromHours(2));
        v = await AppendAsync(f.Store, Flori, id, v, ProjectionFixture.Ana,
            Note("Primera de tres."), new CitizenIdentified(Luz with { Phone = null, Email = "luz.rueda@example.com" }), Note("Tercera: «comillas», ñ, 😀\n\tsangría"));
        await AssertInlineEqualsRebuiltAsync(Flori, id);

        var view = (await f.CaseViews.GetAsync(Flori, id, default))!;
        Assert.Equal(6, v);
        Assert.Equal(6, view.Version);
        Assert.Equal(["Se devolvió la llamada.", "Primera de tres.", "Tercera: «comillas», ñ, 😀\n\tsangría"], view.Notes.Select(n => n.Text));
        Assert.Equal(["beto", "ana", "ana"], view.Notes.Select(n => n.Author));
        Assert.Equal("luz.rueda@example.com", view.Citizen!.Email);
        Assert.Equal(f.Time.GetUtcNow(), view.UpdatedAt);
    }

    [Fact]
    public async Task Writers_racing_on_one_case_lose_no_note_in_the_inline_view()
    {
        var (id, _) = await OpenAsync(Flori);
        const int writers = 6, notesEach = 5;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; n < notesEach; n++)
                while (true)
                {
                    var version = (await f.Store.FetchStreamStateAsync(Flori, id))!.Version;
                    try { await AppendAsync(f.Store, Flori, id, version, ProjectionFixture.Ana, Note($"escritor {w}, nota {n}")); break; }
                    catch (WrongExpectedVersionException) { }
                }
        })));

        var view = (await f.CaseViews.GetAsync(Flori, id, default))!;
        Assert.Equal(writers * notesEach, view.Notes.Count);
        Assert.Equal(1 + writers * notesEach, view.Version);
        await AssertInlineEqualsRebuiltAsync(Flori, id);
    }

    [Fact]
    public async Task A_conflicting_append_leaves_the_view_untouched()
    {
        var (id, v) = await OpenAsync(Flori, Luz);
        var before = f.Show(await f.CaseViews.GetAsync(Flori, id, default));

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => AppendAsync(f.Store, Flori, id, v - 1, ProjectionFixture.Ana, Note("tarde")));

        Assert.Equal(before, f.Show(await f.CaseViews.GetAsync(Flori, id, default)));
    }

    [Fact]
    public async Task An_append_that_fails_after_the_projection_ran_leaves_the_view_untouched()
    {
        var (id, v) = await OpenAsync(Flori, Luz);
        var before = f.Show(await f.CaseViews.GetAsync(Flori, id, default));
        f.Time.Advance(TimeSpan.FromMinutes(1));

        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Store.AppendAsync(Flori, id, EventCatalog.CaseStream, ExpectedVersion.Exactly(v),
            [Note("no debe quedar")], ProjectionFixture.Ana, (_, _) => throw new InvalidOperationException("the command's other write failed")));

        Assert.Equal(before, f.Show(await f.CaseViews.GetAsync(Flori, id, default)));
        Assert.Equal(v, (await f.Store.FetchStreamStateAsync(Flori, id))!.Version);
        await AssertInlineEqualsRebuiltAsync(Flori, id);
    }

    [Fact]
    public async Task A_case_that_failed_to_open_has_no_view()
    {
        var id = Guid.CreateVersion7();

        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Store.AppendAsync(Flori, id, EventCatalog.CaseStream, ExpectedVersion.NoStream,
            [new CaseOpened(id, Channel.Web, "a", "b", f.Time.GetUtcNow())], ProjectionFixture.Ana,
            (_, _) => throw new InvalidOperationException("boom")));

        Assert.Null(await f.CaseViews.GetAsync(Flori, id, default));
    }

    [Fact]
    public async Task The_same_case_id_in_two_entities_is_two_views_each_seen_only_by_its_own()
    {
        var id = Guid.CreateVersion7();
        await OpenAsync(Flori, Luz, id);
        await OpenAsync(Tenjo, null, id);

        Assert.Equal(Luz, (await f.CaseViews.GetAsync(Flori, id, default))!.Citizen);
        Assert.Null((await f.CaseViews.GetAsync(Tenjo, id, default))!.Citizen);
        Assert.Equal("alcaldia-tenjo", (await f.CaseViews.GetAsync(Tenjo, id, default))!.Tenant);
        Assert.Null(await f.CaseViews.GetAsync(new TenantId("personeria-itagui"), id, default));
    }

    // ---- time travel

    [Fact]
    public async Task The_view_at_a_version_is_the_fold_of_the_events_up_to_it()
    {
        var (id, v) = await OpenAsync(Flori, Luz);
        v = await AppendAsync(f.Store, Flori, id, v, ProjectionFixture.Ana, Note("una"));
        await AppendAsync(f.Store, Flori, id, v, ProjectionFixture.Ana, Note("dos"));

        var atTwo = await f.CaseViews.GetAsOfAsync(Flori, id, new StreamReadOptions(ToVersion: 2), default);
        var atFour = await f.CaseViews.GetAsOfAsync(Flori, id, new StreamReadOptions(ToVersion: 4), default);

        Assert.Equal(2, atTwo!.Version);
        Assert.Empty(atTwo.Notes);
        Assert.Equal(Luz, atTwo.Citizen);
        Assert.Equal(f.Show(await f.CaseViews.GetAsync(Flori, id, default)), f.Show(atFour));
    }

    [Fact]
    public async Task A_version_beyond_the_stream_has_no_view()
    {
        var (id, v) = await OpenAsync(Flori, Luz);

        Assert.Null(await f.CaseViews.GetAsOfAsync(Flori, id, new StreamReadOptions(ToVersion: v + 1), default));
        Assert.Null(await f.CaseViews.GetAsOfAsync(Flori, id, new StreamReadOptions(ToVersion: 1_000), default));
        Assert.Null(await f.CaseViews.GetAsOfAsync(Flori, Guid.CreateVersion7(), new StreamReadOptions(ToVersion: 1), default));
    }

    [Fact]
    public async Task The_view_as_of_an_instant_shows_only_what_was_recorded_by_then()
    {
        var opened = f.Time.GetUtcNow();
        var (id, v) = await OpenAsync(Flori);
        f.Time.Advance(TimeSpan.FromHours(1));
        await AppendAsync(f.Store, Flori, id, v, ProjectionFixture.Ana, Note("una hora después"));

        Assert.Null(await f.CaseViews.GetAsOfAsync(Flori, id, new StreamReadOptions(Until: opened.AddTicks(-10)), default));
        Assert.Equal(1, (await f.CaseViews.GetAsOfAsync(Flori, id, new StreamReadOptions(Until: opened), default))!.Version);
        Assert.Equal(1, (await f.CaseViews.GetAsOfAsync(Flori, id, new StreamReadOptions(Until: opened.AddMinutes(59)), default))!.Version);
        Assert.Equal(2, (await f.CaseViews.GetAsOfAsync(Flori, id, new StreamReadOptions(Until: f.Time.GetUtcNow()), default))!.Version);
    }

    [Fact]
    public async Task As_of_an_instant_the_view_is_a_state_the_case_really_had_even_when_node_clocks_differ()
    {
        var start = f.Time.GetUtcNow().AddDays(1);
        var nodeA = new FakeTimeProvider(start.AddSeconds(10)); // ten seconds ahead
        var nodeB = new FakeTimeProvider(start);
        var (id, v) = await OpenAsync(Flori, null, null, f.StoreWithClock(nodeB));
        v = await AppendAsync(f.StoreWithClock(nodeA), Flori, id, v, ProjectionFixture.Ana, Note("nota 2, nodo A"));
        nodeB.Advance(TimeSpan.FromSeconds(5));
        await AppendAsync(f.StoreWithClock(nodeB), Flori, id, v, ProjectionFixture.Beto, Note("nota 3, nodo B"));

        var view = (await f.CaseViews.GetAsOfAsync(Flori, id, new StreamReadOptions(Until: start.AddSeconds(7)), default))!;

        // Every version after the opening is a note: a real state has exactly version - 1 of them.
        Assert.Equal(view.Version - 1, view.Notes.Count);
    }
}
