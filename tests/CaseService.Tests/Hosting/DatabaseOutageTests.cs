using System.Net;
using System.Net.Http.Json;
using Alba;
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

    private HttpClient Advisor()
    {
        var client = _host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = f.As(Api.Flori, "advisor").DefaultRequestHeaders.Authorization;
        return client;
    }

    private static async Task AssertUnavailable(HttpResponseMessage response)
    {
        var problem = await response.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {response.Headers.RetryAfter}");
        Assert.Contains("cannot reach its database", problem.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task While_the_database_is_unreachable_writes_and_reads_are_a_503_with_retry_after_and_nothing_is_appended_then_it_recovers()
    {
        var advisor = Advisor();
        var caseId = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        // The entity's page was in use before the outage (its allowed origins were read then).
        const string site = "https://www.personeriadefloridablanca.gov.co";
        var page = _host.Server.CreateClient();
        page.DefaultRequestHeaders.Add("Origin", site);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"/api/{Api.Flori}/chat/availability")).StatusCode);

        _proxy.Stop();
        await AssertUnavailable(await advisor.PostAsJsonAsync($"/api/{Api.Flori}/cases", Api.NewCase()));
        await AssertUnavailable(await advisor.PostAsJsonAsync($"/api/{Api.Flori}/cases/{caseId}/notes", new { text = "Llamó de nuevo." }));
        await AssertUnavailable(await advisor.GetAsync($"/api/{Api.Flori}/cases/{caseId}"));
        // The citizen's web form, on the entity's own site, says so in Spanish, their default, and the page may read it.
        var form = await page.PostAsJsonAsync($"/api/{Api.Flori}/pqrsd", Public.PublicApi.Form());
        Assert.Equal(site, form.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var citizenProblem = await form.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.True(form.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, $"Retry-After: {form.Headers.RetryAfter}");
        Assert.Equal("El servicio no está disponible por el momento.", citizenProblem.GetProperty("title").GetString());
        Assert.Contains("no puede comunicarse con su base de datos", citizenProblem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _host.Server.CreateClient().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(before, await f.Db.CountEventsAsync());

        _proxy.Start();
        var back = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage write;
        do
        {
            write = await advisor.PostAsJsonAsync($"/api/{Api.Flori}/cases/{caseId}/notes", new { text = "Llamó de nuevo." });
            if (write.IsSuccessStatusCode) break;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
            await Task.Delay(100);
        } while (back.Elapsed < TimeSpan.FromSeconds(10));
        Assert.True(write.IsSuccessStatusCode, $"still {(int)write.StatusCode} {back.Elapsed.TotalSeconds:0.0} s after the database came back");
        Assert.Equal(HttpStatusCode.OK, (await advisor.GetAsync($"/api/{Api.Flori}/cases/{caseId}")).StatusCode);
        Assert.Equal(before + 1, await f.Db.CountEventsAsync());
    }
}
