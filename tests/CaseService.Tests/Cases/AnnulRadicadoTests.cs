using System.Net;
using System.Net.Http.Json;

namespace Atencion.CaseService.Tests.Cases;

public sealed class AnnulRadicadoTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private static string Case(Guid id) => $"/api/{Api.Tenjo}/cases/{id}";

    private async Task<(Guid Id, string Radicado)> Filed()
    {
        var advisor = f.As(Api.Tenjo, "advisor");
        var id = await advisor.CreateCase(Api.Tenjo);
        var filed = await (await advisor.PostAsJsonAsync($"{Case(id)}/classify", new { type = "petition" })).Body();
        return (id, filed.GetProperty("radicado").GetString()!);
    }

    [Fact]
    public async Task An_annulled_radicado_stays_in_the_history_with_its_justification_and_is_never_given_again()
    {
        var (id, radicado) = await Filed();
        var supervisor = f.As(Api.Tenjo, "supervisor", "sara");

        var annulled = await supervisor.PostAsJsonAsync($"{Case(id)}/annul-radicado", new { justification = "Radicado por error: el documento era de otra entidad." });
        Assert.Equal(HttpStatusCode.OK, annulled.StatusCode);

        var view = await (await supervisor.GetAsync(Case(id))).Body();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("radicado").ValueKind);
        var record = view.GetProperty("annulledRadicados")[0];
        Assert.Equal(radicado, record.GetProperty("radicado").GetString());
        Assert.Equal("sara", record.GetProperty("by").GetString());

        var refiled = await (await f.As(Api.Tenjo, "advisor").PostAsJsonAsync($"{Case(id)}/classify", new { type = "petition" })).Body();
        var again = refiled.GetProperty("radicado").GetString()!;
        Assert.NotEqual(radicado, again);
        Assert.True(string.CompareOrdinal(again, radicado) > 0, $"{again} should follow {radicado}");
        var history = await (await f.As(Api.Tenjo, "auditor").GetAsync($"{Case(id)}/history")).Body();
        Assert.Contains(history.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "RadicadoAnnulled");
    }

    [Fact]
    public async Task Annulling_needs_a_justification_a_radicado_and_a_supervisor()
    {
        var (id, _) = await Filed();
        var before = await f.Db.CountEventsAsync();
        await (await f.As(Api.Tenjo, "supervisor").PostAsJsonAsync($"{Case(id)}/annul-radicado", new { justification = " " }))
            .AssertProblem(HttpStatusCode.BadRequest);
        await (await f.As(Api.Tenjo, "advisor").PostAsJsonAsync($"{Case(id)}/annul-radicado", new { justification = "x" }))
            .AssertProblem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await f.Db.CountEventsAsync());

        var unfiled = await f.As(Api.Tenjo, "advisor").CreateCase(Api.Tenjo);
        var problem = await (await f.As(Api.Tenjo, "supervisor").PostAsJsonAsync($"{Case(unfiled)}/annul-radicado", new { justification = "x" }))
            .AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains("no radicado", problem.GetProperty("detail").GetString());
    }
}
