using System.Net.Http.Headers;
using Atencion.CaseService.Auth;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Hosting;
using Atencion.Projections.Entities;
using Atencion.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Atencion.CaseService.Tests;

/// <summary>The real service (ASP.NET Core pipeline, real PostgreSQL) on a fresh database, with the demo entities and a fake clock.</summary>
public class ServiceFixture : IAsyncLifetime
{
    /// <summary>Monday 2 March 2026, 09:00 in Bogotá.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public TestDatabase Db { get; private set; } = null!;
    public FakeTimeProvider Time { get; } = new(Start);
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    private readonly IReadOnlyDictionary<string, string> _settings;

    public ServiceFixture() : this(new Dictionary<string, string>()) { }

    /// <summary>A fixture whose host also gets these configuration settings (e.g. a low rate limit for one test class).</summary>
    protected ServiceFixture(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public virtual async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync(MigrateOnStartup.Assemblies);
        Factory = NewHost();
        _ = Factory.Server; // starts the host: migrations run on start-up
        using var scope = Factory.Services.CreateScope();
        await DemoEntities.SeedAsync(Factory.Services.GetRequiredService<EntityCommands>(), Factory.Services.GetRequiredService<EntityRegistry>(), default);
    }

    /// <summary>Another host of the service on the same database and clock (a second node, or the one after a restart); the caller disposes it.</summary>
    public WebApplicationFactory<Program> NewHost() => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseSetting("ATENCION_DB", Db.AppConnectionString);
        web.UseSetting("ATENCION_DB_ADMIN", Db.AdminConnectionString);
        web.UseSetting("Auth:SigningKey", SigningKey);
        web.UseSetting("Integrity:ChainKey", SigningKey);
        // Every test class files many forms from one address; the class that tests the limit sets its own.
        web.UseSetting("RateLimits:PublicPerMinute", "1000");
        web.UseSetting("RateLimits:InboundEmailPerMinute", "1000");
        web.UseSetting("RateLimits:InboundEmailConcurrent", "100");
        // Tests drive sweeps themselves unless their fixture runs the scheduler (see JobsFixture).
        web.UseSetting("Jobs:Enabled", "false");
        foreach (var (key, value) in _settings) web.UseSetting(key, value);
        web.ConfigureTestServices(s => { s.AddSingleton<TimeProvider>(Time); ConfigureServices(s); });
    });

    /// <summary>Makes another host the fixture's own (after the first one was stopped): clients go to it and the fixture disposes it.</summary>
    public void Replace(WebApplicationFactory<Program> host) => Factory = host;

    /// <summary>The hash chain key the host runs with (for a second host or a command-line verb on the same database).</summary>
    public string ChainKey => SigningKey;

    /// <summary>Adds or replaces services of the host for one fixture (e.g. an extra async projection).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>A client with a bearer token for a user of a tenant with one role (issued with the real clock, like a real issuer).</summary>
    public HttpClient Client(string tenant, string role, string user = "ana")
    {
        var client = Factory.CreateClient();
        var token = new TokenIssuer(Factory.Services.GetRequiredService<TokenSettings>(), TimeProvider.System).Issue(tenant, role, user);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits until every async projection has applied every event appended so far (e.g. before reading the case list).</summary>
    public Task ProjectionsCaughtUpAsync() =>
        Factory.Services.GetRequiredService<Atencion.Projections.Daemon.ProjectionDaemon>().WaitForNonStaleAsync(TimeSpan.FromSeconds(30), default);

    /// <summary>
    /// A client without credentials. Tests assert the problems' English texts, so it asks for English by default; citizen
    /// routes answer in Spanish to a caller that asks for no language (see ProblemLanguageTests), which passing null gives.
    /// </summary>
    public HttpClient Anonymous(string? acceptLanguage = "en")
    {
        var client = Factory.CreateClient();
        if (acceptLanguage is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return client;
    }

    public virtual async Task DisposeAsync()
    {
        await Factory.DisposeAsync(); // disposing twice is harmless
        await Db.DisposeAsync();
    }
}
