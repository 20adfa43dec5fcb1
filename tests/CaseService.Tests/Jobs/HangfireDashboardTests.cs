using System.Net;
using Atencion.CaseService.Jobs;
using Atencion.CaseService.Tests.Staff;

namespace Atencion.CaseService.Tests.Jobs;

/// <summary>Hangfire's dashboard at /hangfire: the platform operator only, with the same bearer tokens, and its own follow-up requests (links, polls) carried by a cookie.</summary>
public sealed class HangfireDashboardTests(JobsFixture f) : IClassFixture<JobsFixture>
{
    private Caller Operator => f.As("platform", "operator", "ops");

    private static string? DashboardCookie(IScenarioResult response) =>
        response.Context.Response.Headers.SetCookie.FirstOrDefault(c => c!.StartsWith(HangfireDashboard.Cookie + "=", StringComparison.Ordinal));

    private static string CookieValue(string setCookie) => setCookie[(HangfireDashboard.Cookie.Length + 1)..setCookie.IndexOf(';')];

    [Fact]
    public async Task The_operator_opens_the_dashboard_with_a_bearer_token_and_its_polls_and_pages_go_on_with_the_cookie_it_gets()
    {
        var page = await Operator.Scenario(x => { x.Get.Url("/hangfire"); x.StatusCodeShouldBe(HttpStatusCode.OK); });
        Assert.StartsWith("text/html", page.Context.Response.ContentType);
        var html = await page.ReadAsTextAsync();
        Assert.Contains("Atención — jobs", html);
        Assert.DoesNotContain(f.Db.AppConnectionString.Split(';').First(p => p.StartsWith("Database=", StringComparison.OrdinalIgnoreCase))[9..], html);
        var setCookie = DashboardCookie(page);
        Assert.NotNull(setCookie);
        Assert.Contains("path=/hangfire", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = $"{HangfireDashboard.Cookie}={CookieValue(setCookie!)}";

        // What the page's script does every few seconds, without an Authorization header.
        var stats = await f.Host.Scenario(x =>
        {
            x.Post.FormData(new Dictionary<string, string> { ["metrics[]"] = "servers:count" }).ToUrl("/hangfire/stats");
            x.WithRequestHeader("Cookie", cookie);
            x.StatusCodeShouldBe(HttpStatusCode.OK);
        });
        Assert.Contains("servers:count", await stats.ReadAsTextAsync());
        // And a link followed: the recurring jobs are the sweeps.
        var recurring = await f.Host.Scenario(x => { x.Get.Url("/hangfire/recurring"); x.WithRequestHeader("Cookie", cookie); x.StatusCodeShouldBe(HttpStatusCode.OK); });
        var list = await recurring.ReadAsTextAsync();
        foreach (var sweep in new[] { DeadlineSweep.JobName, IdleChatSweep.JobName, PresenceSweep.JobName, TurnExpirySweep.JobName })
            Assert.Contains(sweep, list);

        // The cookie opens the dashboard and nothing else.
        await f.Host.Scenario(x => { x.Get.Url("/api/admin/projections"); x.WithRequestHeader("Cookie", cookie); x.ProblemShouldBe(HttpStatusCode.Unauthorized); });
    }

    [Fact]
    public async Task A_browser_opening_the_dashboard_with_the_token_in_the_address_is_sent_back_to_it_without_the_token_and_with_the_cookie()
    {
        var response = await f.Host.Scenario(x =>
        {
            x.Get.Url($"/hangfire/recurring?access_token={Operator.Token}");
            x.StatusCodeShouldBe(HttpStatusCode.SeeOther);
        });
        Assert.Equal("/hangfire/recurring", response.Context.Response.Headers.Location.ToString());
        Assert.NotNull(DashboardCookie(response));
    }

    [Fact]
    public async Task An_entity_supervisor_or_admin_is_refused_and_an_anonymous_caller_is_challenged()
    {
        foreach (var role in new[] { "supervisor", "admin" })
        {
            var refused = (await f.As(Api.Flori, role).Scenario(x => { x.Get.Url("/hangfire"); x.ProblemShouldBe(HttpStatusCode.Forbidden); })).Json();
            Assert.Equal(["operator"], refused.GetProperty("allowedRoles").EnumerateArray().Select(r => r.GetString()));
        }
        // A supervisor's token in the cookie opens nothing more than in the header, and gets no cookie.
        var supervisor = f.Token(Api.Flori, "supervisor");
        var viaCookie = await f.Host.Scenario(x =>
        {
            x.Post.FormData(new Dictionary<string, string> { ["metrics[]"] = "servers:count" }).ToUrl("/hangfire/stats");
            x.WithRequestHeader("Cookie", $"{HangfireDashboard.Cookie}={supervisor}");
            x.ProblemShouldBe(HttpStatusCode.Forbidden);
        });
        Assert.Null(DashboardCookie(viaCookie));

        var anonymous = await f.Anonymous().Scenario(x => { x.Get.Url("/hangfire"); x.ProblemShouldBe(HttpStatusCode.Unauthorized); });
        Assert.Contains("Bearer", anonymous.Header("WWW-Authenticate"));
        await f.Anonymous().Scenario(x =>
        {
            x.Post.FormData(new Dictionary<string, string> { ["metrics[]"] = "servers:count" }).ToUrl("/hangfire/stats");
            x.ProblemShouldBe(HttpStatusCode.Unauthorized);
        });
        await f.Host.Scenario(x => { x.Get.Url("/hangfire"); x.WithRequestHeader("Cookie", $"{HangfireDashboard.Cookie}=not-a-token"); x.ProblemShouldBe(HttpStatusCode.Unauthorized); });
    }
}
