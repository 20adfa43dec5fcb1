using System.Net;
using Atencion.CaseService.Tests.Lifecycle;

namespace Atencion.CaseService.Tests.Cases;

public sealed class CompletionPeriodTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string T = "personeria-itagui";

    [Fact]
    public async Task The_month_to_complete_a_petition_is_extended_once_at_the_citizens_request()
    {
        var advisor = f.As(T, "advisor");
        var id = await advisor.CreateCase(T, Attention.AttentionApi.Competent("phone")); // Itagüí records the outcome
        await advisor.Command(id, "classify", new { type = "petition" }, T, expect: x => x.StatusCodeShouldBeSuccess());

        var notSuspended = await advisor.Command(id, "extend-completion", new { reason = "pidió más tiempo" }, T,
            expect: x => x.ProblemShouldBe(HttpStatusCode.Conflict));
        Assert.Equal("in-progress", notSuspended.Json().GetProperty("state").GetString());

        await advisor.Command(id, "request-completion", new { missing = "Poder firmado" }, T, expect: x => x.StatusCodeShouldBeSuccess());
        var before = await f.Db.CountEventsAsync();
        await advisor.Command(id, "extend-completion", new { }, T, expect: x => x.ProblemShouldBe(HttpStatusCode.BadRequest));
        Assert.Equal(before, await f.Db.CountEventsAsync());

        await advisor.Command(id, "extend-completion", new { reason = "pidió más tiempo por escrito" }, T, expect: x => x.StatusCodeShouldBe(HttpStatusCode.OK));
        await advisor.Command(id, "extend-completion", new { reason = "otra vez" }, T, expect: x => x.ProblemShouldBe(HttpStatusCode.UnprocessableEntity));

        f.Time.Advance(TimeSpan.FromDays(40));
        var early = await advisor.Command(id, "close", new { reason = "tacit-withdrawal" }, T, expect: x => x.ProblemShouldBe(HttpStatusCode.Conflict));
        Assert.Contains("two months", early.Detail());
        f.Time.Advance(TimeSpan.FromDays(21));
        await advisor.Command(id, "close", new { reason = "tacit-withdrawal" }, T, expect: x => x.StatusCodeShouldBe(HttpStatusCode.OK));
    }
}
