using System.Net;
using Alba;
using Atencion.CaseService.Tests.Http;
using Npgsql;

namespace Atencion.CaseService.Tests.Hosting;

/// <summary>A host whose database connections go through a relay that the test takes down and brings back.</summary>
public sealed class DatabaseOutageTests(ServiceFixture f) : IClassFixture<ServiceFixture>, IAsyncLifetime
{
    private TcpProxy _proxy = null!;
    private IAlbaHost _host = null!;

    public async Task InitializeAsync()
    {
        _proxy = new TcpProxy(new NpgsqlConnectionStringBuilder(f.Db.AppConnectionString).Port);
        _proxy.Start();
        var proxied = new NpgsqlConnectionStringBuilder(f.Db.AppConnectionString) { Host = "127.0.0.1", Port = _proxy.Port }.ConnectionString;
        _host = await f.NewHostAsync(new Dictionary<string, string> { ["ATENCION_DB"] = proxied });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    /// <summary>An advisor on the proxied host (asking for no language).</summary>
    private Caller Advisor() => new(_host, f.Token(Api.Flori, "advisor"), null);

    /// <summary>Runs a request that must be a 503 problem saying the database cannot be reached, with a Retry-After of at most a minute.</summary>
    private static async Task AssertUnavailable(Caller caller, Action<Scenario> request)
    {
        var response = await caller.Scenario(x =>
        {
            request(x);
            x.ProblemShouldBe(HttpStatusCode.ServiceUnavailable);
        });
        var problem = response.Json();
        Assert.True(response.RetryAfter()?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {response.RetryAfter()}");
        Assert.Contains("cannot reach its database", problem.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task While_the_database_is_unreachable_writes_and_reads_are_a_503_with_retry_after_and_nothing_is_appended_then_it_recovers()
    {
        var advisor = Advisor();
        var caseId = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        // The entity's page was in use before the outage (its allowed origins were read then); it asks for no language.
        const string site = "https://www.personeriadefloridablanca.gov.co";
        var page = new Caller(_host, null, null);
        await page.Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/chat/availability");
            x.WithRequestHeader("Origin", site);
            x.StatusCodeShouldBeOk();
        });

        _proxy.Stop();
        await AssertUnavailable(advisor, x => x.Post.Json(Api.NewCase()).ToUrl($"/api/{Api.Flori}/cases"));
        await AssertUnavailable(advisor, x => x.Post.Json(new { text = "Llamó de nuevo." }).ToUrl($"/api/{Api.Flori}/cases/{caseId}/notes"));
        await AssertUnavailable(advisor, x => x.Get.Url($"/api/{Api.Flori}/cases/{caseId}"));
        // The citizen's web form, on the entity's own site, says so in Spanish, their default, and the page may read it.
        var form = await page.Scenario(x =>
        {
            x.Post.Json(Public.PublicApi.Form()).ToUrl($"/api/{Api.Flori}/pqrsd");
            x.WithRequestHeader("Origin", site);
            x.ProblemShouldBe(HttpStatusCode.ServiceUnavailable);
        });
        Assert.Equal(site, form.Context.Response.Headers["Access-Control-Allow-Origin"].Single());
        var citizenProblem = form.Json();
        Assert.True(form.RetryAfter()?.Delta is { TotalSeconds: > 0 }, $"Retry-After: {form.RetryAfter()}");
        Assert.Equal("El servicio no está disponible por el momento.", citizenProblem.GetProperty("title").GetString());
        Assert.Contains("no puede comunicarse con su base de datos", citizenProblem.GetProperty("detail").GetString());
        await page.Scenario(x =>
        {
            x.Get.Url("/health/ready");
            x.StatusCodeShouldBe(HttpStatusCode.ServiceUnavailable);
        });
        Assert.Equal(before, await f.Db.CountEventsAsync());

        _proxy.Start();
        var back = System.Diagnostics.Stopwatch.StartNew();
        IScenarioResult write;
        do
        {
            write = await advisor.Scenario(x =>
            {
                x.Post.Json(new { text = "Llamó de nuevo." }).ToUrl($"/api/{Api.Flori}/cases/{caseId}/notes");
                x.IgnoreStatusCode();
            });
            if (IsSuccess(write)) break;
            Assert.Equal((int)HttpStatusCode.ServiceUnavailable, write.Status());
            await Task.Delay(100);
        } while (back.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True(IsSuccess(write), $"still {write.Status()} {back.Elapsed.TotalSeconds:0.0} s after the database came back");
        await advisor.Scenario(x =>
        {
            x.Get.Url($"/api/{Api.Flori}/cases/{caseId}");
            x.StatusCodeShouldBeOk();
        });
        Assert.Equal(before + 1, await f.Db.CountEventsAsync());
    }

    private static bool IsSuccess(IScenarioResult response) => response.Status() is >= 200 and <= 299;
}
