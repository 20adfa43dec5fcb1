using System.Net;
using System.Net.Http.Json;

namespace Atencion.CaseService.Tests.Cases;

public sealed class CompletionPeriodTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string T = "personeria-itagui";

    [Fact]
    public async Task The_month_to_complete_a_petition_is_extended_once_at_the_citizens_request()
    {
        var advisor = f.As(T, "advisor");
        var id = await advisor.CreateCase(T, Attention.AttentionApi.Competent("phone")); // Itagüí records the outcome
        var url = $"/api/{T}/cases/{id}";
        (await advisor.PostAsJsonAsync($"{url}/classify", new { type = "petition" })).EnsureSuccessStatusCode();

        var notSuspended = await (await advisor.PostAsJsonAsync($"{url}/extend-completion", new { reason = "pidió más tiempo" })).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal("in-progress", notSuspended.GetProperty("state").GetString());

        (await advisor.PostAsJsonAsync($"{url}/request-completion", new { missing = "Poder firmado" })).EnsureSuccessStatusCode();
        var before = await f.Db.CountEventsAsync();
        await (await advisor.PostAsJsonAsync($"{url}/extend-completion", new { })).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(before, await f.Db.CountEventsAsync());

        Assert.Equal(HttpStatusCode.OK, (await advisor.PostAsJsonAsync($"{url}/extend-completion", new { reason = "pidió más tiempo por escrito" })).StatusCode);
        await (await advisor.PostAsJsonAsync($"{url}/extend-completion", new { reason = "otra vez" })).AssertProblem(HttpStatusCode.UnprocessableEntity);

        f.Time.Advance(TimeSpan.FromDays(40));
        var early = await (await advisor.PostAsJsonAsync($"{url}/close", new { reason = "tacit-withdrawal" })).AssertProblem(HttpStatusCode.Conflict);
        Assert.Contains("two months", early.GetProperty("detail").GetString());
        f.Time.Advance(TimeSpan.FromDays(21));
        Assert.Equal(HttpStatusCode.OK, (await advisor.PostAsJsonAsync($"{url}/close", new { reason = "tacit-withdrawal" })).StatusCode);
    }
}
