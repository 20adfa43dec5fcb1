using System.Net;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Cases;

public sealed class AnnulRadicadoTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task An_annulled_radicado_stays_in_the_history_with_its_justification_and_is_never_given_again()
    {
        var (id, radicado) = await f.GivenFiledCase(Api.Tenjo);
        var supervisor = f.As(Api.Tenjo, "supervisor", "sara");

        await supervisor.Command(id, "annul-radicado", new { justification = "Radicado por error: el documento era de otra entidad." }, Api.Tenjo,
            expect: x => x.StatusCodeShouldBe(HttpStatusCode.OK));

        var view = await supervisor.View(id, Api.Tenjo);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("radicado").ValueKind);
        var record = view.GetProperty("annulledRadicados")[0];
        Assert.Equal(radicado, record.GetProperty("radicado").GetString());
        Assert.Equal("sara", record.GetProperty("by").GetString());

        var refiled = (await f.As(Api.Tenjo, "advisor").Command(id, "classify", new { type = "petition" }, Api.Tenjo)).Json();
        var again = refiled.GetProperty("radicado").GetString()!;
        Assert.NotEqual(radicado, again);
        Assert.True(string.CompareOrdinal(again, radicado) > 0, $"{again} should follow {radicado}");
        var history = await f.As(Api.Tenjo, "auditor").History(id, tenant: Api.Tenjo);
        Assert.Contains(history.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "RadicadoAnnulled");
    }

    [Fact]
    public async Task Annulling_needs_a_justification_a_radicado_and_a_supervisor()
    {
        var (id, _) = await f.GivenFiledCase(Api.Tenjo);
        var before = await f.Db.CountEventsAsync();
        await f.As(Api.Tenjo, "supervisor").Command(id, "annul-radicado", new { justification = " " }, Api.Tenjo,
            expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        await f.As(Api.Tenjo, "advisor").Command(id, "annul-radicado", new { justification = "x" }, Api.Tenjo,
            expect: x => x.ProblemShouldBe(HttpStatusCode.Forbidden));
        Assert.Equal(before, await f.Db.CountEventsAsync());

        var unfiled = await f.As(Api.Tenjo, "advisor").CreateCase(Api.Tenjo);
        var problem = await f.As(Api.Tenjo, "supervisor").Command(unfiled, "annul-radicado", new { justification = "x" }, Api.Tenjo,
            expect: x => x.ProblemShouldBe(HttpStatusCode.Conflict));
        Assert.Contains("no radicado", problem.Detail());
    }
}
