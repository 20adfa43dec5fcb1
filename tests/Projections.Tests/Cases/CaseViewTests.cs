using System.Text.Json;
using Atencion.Domain.Cases;
using Atencion.EventStore;
using Atencion.Projections.Cases;

namespace Atencion.Projections.Tests.Cases;

/// <summary>The fold itself, on events built by hand: no database.</summary>
public class CaseViewTests
{
    private static readonly TenantId Tenant = new("personeria-floridablanca");
    private static readonly Guid CaseId = Guid.Parse("0195a1c2-0000-7000-8000-000000000001");
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Received = new(2026, 2, 27, 9, 15, 0, TimeSpan.FromHours(-5));

    private static RecordedEvent Recorded(long version, object data, string user = "ana", int minutesAfterT0 = 0) => new(
        Seq: 100 + version, TxId: 5000 + (ulong)version, Tenant: Tenant, StreamId: CaseId, Version: version, EventId: Guid.NewGuid(),
        EventType: data is JsonElement ? "SomethingNew" : data.GetType().Name, Data: data, Json: "{}",
        Metadata: new EventMetadata(user, "advisor", null, "phone", Guid.NewGuid()), RecordedAt: T0.AddMinutes(minutesAfterT0),
        Hash: new byte[32]);

    private static readonly CaseOpened Opened = new(CaseId, Channel.Phone, "Derecho de petición", "Solicito información.", Received);
    private static readonly Citizen Luz = new("Luz Marina Rueda", "luz@example.com", null, IdType.Cc, "63123456");

    [Fact]
    public void Opening_a_case_shows_it_open_with_who_opened_it_and_when()
    {
        var view = CaseView.Evolve(null, Recorded(1, Opened, "ana"))!;

        Assert.Equal(CaseId, view.Id);
        Assert.Equal("personeria-floridablanca", view.Tenant);
        Assert.Equal(CaseStatus.Open, view.Status);
        Assert.Equal(Channel.Phone, view.Channel);
        Assert.Null(view.Citizen);
        Assert.Equal("Derecho de petición", view.Subject);
        Assert.Equal("Solicito información.", view.Text);
        Assert.Equal(Received, view.ReceivedAt);
        Assert.Equal(T0, view.OpenedAt);
        Assert.Equal("ana", view.OpenedBy);
        Assert.Empty(view.Notes);
        Assert.Equal(T0, view.UpdatedAt);
        Assert.Equal(1, view.Version);
    }

    [Fact]
    public void Identifying_the_citizen_shows_them_and_a_correction_replaces_them()
    {
        var corrected = Luz with { Phone = "300 123 4567" };

        var view = CaseView.FromEvents([
            Recorded(1, Opened),
            Recorded(2, new CitizenIdentified(Luz), minutesAfterT0: 1),
            Recorded(3, new CitizenIdentified(corrected), minutesAfterT0: 7),
        ])!;

        Assert.Equal(corrected, view.Citizen);
        Assert.Equal(T0.AddMinutes(7), view.UpdatedAt);
        Assert.Equal(3, view.Version);
        Assert.Equal(T0, view.OpenedAt);
    }

    [Fact]
    public void Notes_show_in_order_with_their_author_and_time()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        var view = CaseView.FromEvents([
            Recorded(1, Opened, "ana"),
            Recorded(2, new NoteAdded(first, "Se devolvió la llamada."), "ana", 10),
            Recorded(3, new NoteAdded(second, "Se envió el formato."), "beto", 20),
        ])!;

        Assert.Equal(
            [new CaseNote(first, "Se devolvió la llamada.", "ana", T0.AddMinutes(10)), new CaseNote(second, "Se envió el formato.", "beto", T0.AddMinutes(20))],
            view.Notes);
        Assert.Equal("ana", view.OpenedBy);
        Assert.Equal(3, view.Version);
    }

    [Fact]
    public void An_event_the_view_does_not_know_only_moves_its_version_and_time()
    {
        var opened = CaseView.Evolve(null, Recorded(1, Opened))!;
        var unknown = JsonDocument.Parse("""{"reason":"added by a newer release"}""").RootElement;

        var view = CaseView.Evolve(opened, Recorded(2, unknown, minutesAfterT0: 3))!;

        Assert.Equal(opened with { Version = 2, UpdatedAt = T0.AddMinutes(3) }, view);
    }

    [Fact]
    public void A_stream_that_does_not_start_with_an_opening_is_no_case()
    {
        Assert.Null(CaseView.FromEvents([]));
        Assert.Null(CaseView.FromEvents([Recorded(1, new NoteAdded(Guid.NewGuid(), "huérfana"))]));
        Assert.Null(CaseView.FromEvents([Recorded(1, new CitizenIdentified(Luz)), Recorded(2, new NoteAdded(Guid.NewGuid(), "x"))]));
    }

    [Fact]
    public void Folding_does_not_change_the_earlier_view()
    {
        var opened = CaseView.Evolve(null, Recorded(1, Opened))!;
        var noted = CaseView.Evolve(opened, Recorded(2, new NoteAdded(Guid.NewGuid(), "nota"), minutesAfterT0: 1))!;
        CaseView.Evolve(noted, Recorded(3, new NoteAdded(Guid.NewGuid(), "otra"), minutesAfterT0: 2));

        Assert.Empty(opened.Notes);
        Assert.Single(noted.Notes);
        Assert.Equal(1, opened.Version);
        Assert.Equal(2, noted.Version);
    }

    [Fact]
    public void Folding_a_prefix_gives_the_view_as_it_was_then()
    {
        var history = new[]
        {
            Recorded(1, Opened),
            Recorded(2, new CitizenIdentified(Luz), minutesAfterT0: 1),
            Recorded(3, new NoteAdded(Guid.NewGuid(), "nota"), minutesAfterT0: 2),
        };

        var then = CaseView.FromEvents(history.Take(2))!;
        var now = CaseView.FromEvents(history)!;

        Assert.Equal(2, then.Version);
        Assert.Equal(Luz, then.Citizen);
        Assert.Empty(then.Notes);
        Assert.Single(now.Notes);
        // Evolving the earlier view by the rest gives the same view as folding everything.
        var incremental = history.Skip(2).Aggregate(then, (v, e) => CaseView.Evolve(v, e)!);
        Assert.Equal(now with { Notes = [] }, incremental with { Notes = [] });
        Assert.Equal(now.Notes, incremental.Notes);
    }
}
