namespace Atencion.CaseService.Tests.Lifecycle;

/// <summary>Its own fixture, so that the entities' numbering starts at 1 and nothing else files meanwhile.</summary>
public sealed class RadicadoConcurrencyTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Twenty_filings_at_once_amid_notes_on_the_same_cases_take_exactly_the_numbers_one_to_twenty() =>
        await FileTwentyAtOnceAmidNotes(Api.Flori, notesPerCase: 1);

    // 80 requests at once: more than the pool's 50 connections (the test database's Max Pool Size; 100 by default).
    [Fact]
    public async Task Twenty_filings_at_once_amid_more_requests_than_pooled_connections_still_take_one_to_twenty() =>
        await FileTwentyAtOnceAmidNotes(Api.Tenjo, notesPerCase: 3);

    private async Task FileTwentyAtOnceAmidNotes(string tenant, int notesPerCase)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++) ids.Add(await f.As(tenant, "advisor").Open(tenant: tenant));
        var year = f.Today().Year;

        // Notes on the same cases move the streams while the filings decide, so filings that already took a number
        // hit an append conflict, roll back and decide again: their numbers must come back, not leave gaps.
        // The statuses are judged once every request has answered, so that a failure names each request that failed.
        var classifies = ids.Select((id, i) => f.As(tenant, "specialist", $"s{i % 3}")
            .Command(id, "classify", new { type = "petition" }, tenant, expect: x => x.IgnoreStatusCode())).ToList();
        var notes = ids.SelectMany(id => Enumerable.Range(0, notesPerCase).Select(n =>
            f.As(tenant, "advisor", $"a{n}").GivenNote(id, $"seguimiento {n}", tenant, expect: x => x.IgnoreStatusCode()))).ToList();
        var responses = await Task.WhenAll(classifies.Concat(notes));

        Assert.All(responses, r => Assert.True(r.Status() is >= 200 and < 300, $"{r.Status()} {r.Context.Request.Path}"));
        var results = await Task.WhenAll(classifies);
        Assert.All(results, r => Assert.Equal(200, r.Status()));
        var radicados = results.Select(r => r.Json().Str("radicado")!).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(n => $"{year}-{n:000000}"), radicados.Order());

        var reader = f.As(tenant, "auditor");
        for (var i = 0; i < ids.Count; i++)
        {
            var view = await reader.View(ids[i], tenant);
            Assert.Equal(radicados[i], view.Str("radicado"));
            Assert.Equal(notesPerCase, view.GetProperty("notes").GetArrayLength());
            var history = await reader.History(ids[i], tenant);
            Assert.Single(history.GetProperty("events").EnumerateArray(), e => e.Str("type") == "CaseFiled");
        }
    }
}
