using Alba;
using Alba.Extensions;
using Atencion.CaseService.Auth;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Hosting;
using Atencion.CaseService.Tests.Scenarios;
using Atencion.Projections.Entities;
using Atencion.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Atencion.CaseService.Tests;

/// <summary>
/// The real service (ASP.NET Core pipeline, real PostgreSQL) as an Alba host on a fresh database, with the demo entities and
/// a fake clock. Tests talk to it as callers (<see cref="As"/>, <see cref="Anonymous"/>, <see cref="Bearer"/>) running Alba scenarios.
/// </summary>
public class ServiceFixture : IAsyncLifetime
{
    /// <summary>Monday 2 March 2026, 09:00 in Bogotá.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    private static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public TestDatabase Db { get; private set; } = null!;
    /// <summary>The service's clock (Alba's <see cref="TimeProviderOverride"/>, a <see cref="FakeTimeProvider"/>): tests move it forward.</summary>
    public TimeProviderOverride Time { get; } = new(Start);

    /// <summary>The service under test: an Alba host over ASP.NET Core's test server.</summary>
    public IAlbaHost Host { get; private set; } = null!;

    private readonly IReadOnlyDictionary<string, string> _settings;
    private bool _hostDisposed;

    public ServiceFixture() : this(new Dictionary<string, string>()) { }

    /// <summary>A fixture whose host also gets these configuration settings (e.g. a low rate limit for one test class).</summary>
    protected ServiceFixture(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public virtual async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync(MigrateOnStartup.Assemblies);
        await BeforeFirstHostAsync();
        Host = await NewHostAsync(); // migrations run on start-up
        await DemoEntities.SeedAsync(Host.Services.GetRequiredService<EntityCommands>(), Host.Services.GetRequiredService<EntityRegistry>(), default);
    }

    /// <summary>
    /// The settings every host of the fixture runs with: its database, keys, generous rate limits, and the scheduler off
    /// (tests drive sweeps themselves unless their fixture runs it, see JobsFixture), no email sent, then the fixture's own.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings(IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ATENCION_DB"] = Db.AppConnectionString,
            ["ATENCION_DB_ADMIN"] = Db.AdminConnectionString,
            ["Auth:SigningKey"] = SigningKey,
            ["Integrity:ChainKey"] = SigningKey,
            // Every test class files many forms from one address; the class that tests the limit sets its own.
            ["RateLimits:PublicPerMinute"] = "1000",
            ["RateLimits:InboundEmailPerMinute"] = "1000",
            ["RateLimits:InboundEmailConcurrent"] = "100",
            ["Jobs:Enabled"] = "false",
            // Nor do they send email (queued emails stay pending in the outbox), unless their fixture does (EmailFixture).
            ["Email:Enabled"] = "false",
            // One node unless the fixture runs several (EmailFixture): no leader election in the background.
            ["Messaging:Mode"] = "solo",
        };
        foreach (var (key, value) in _settings) settings[key] = value;
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) settings[key] = value;
        return settings;
    }

    /// <summary>Another host of the service on the same database and clock (a second node, or the one after a restart); the caller disposes it.</summary>
    public async Task<IAlbaHost> NewHostAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        // Settings go in as host settings: the service reads some of them while it registers its services, before
        // configuration added later (Alba's WithConfiguration) would be visible.
        var host = await AlbaHost.For<Program>(web =>
        {
            foreach (var (key, value) in Settings(extra)) web.UseSetting(key, value);
            web.ConfigureTestServices(ConfigureServices);
        }, Time);
        // Alba allows synchronous I/O on its test server; Kestrel does not, and neither may the service's code.
        host.Server.AllowSynchronousIO = false;
        return host;
    }

    /// <summary>
    /// The service as it runs in production, on Kestrel (for clients outside the process: a browser, node, raw sockets),
    /// on the fixture's database and clock; the caller starts and disposes it.
    /// </summary>
    public WebApplication NewKestrelApp(IReadOnlyDictionary<string, string>? extra = null) =>
        AtencionHost.Build(Settings(extra).Select(s => $"--{s.Key}={s.Value}").ToArray(), Overrides);

    private void Overrides(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Time); // what TimeProviderOverride does for an Alba host
        ConfigureServices(services);
    }

    /// <summary>Makes another host the fixture's own (after the first one was stopped): callers made from now on go to it and the fixture disposes it.</summary>
    public void Replace(IAlbaHost host)
    {
        Host = host;
        _hostDisposed = false;
    }

    /// <summary>Stops the fixture's host (a crash, or a node going down); <see cref="Replace"/> gives the fixture a new one.</summary>
    public async Task StopHostAsync()
    {
        if (_hostDisposed) return;
        _hostDisposed = true;
        await Host.DisposeAsync();
    }

    /// <summary>The hash chain key the host runs with (for a second host or a command-line verb on the same database).</summary>
    public string ChainKey => SigningKey;

    /// <summary>Prepares the database before the first host starts on it (e.g. fills it as an older version of the service did).</summary>
    protected virtual Task BeforeFirstHostAsync() => Task.CompletedTask;

    /// <summary>Adds or replaces services of the host for one fixture (e.g. an extra async projection).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>A bearer token for a user of a tenant with one role, signed like the real issuer's (with the real clock).</summary>
    public string Token(string tenant, string role, string user = "ana") =>
        new TokenIssuer(Tokens, TimeProvider.System).Issue(tenant, role, user);

    /// <summary>The token settings every host of the fixture validates with.</summary>
    public static readonly TokenSettings Tokens = TokenSettings.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
        .AddInMemoryCollection([new KeyValuePair<string, string?>("Auth:SigningKey", SigningKey)]).Build());

    /// <summary>
    /// A staff member of a tenant with one role, calling the API with a real token and no Accept-Language (staff read
    /// English without asking, which ProblemLanguageTests proves; <c>.Speaking("es")</c> asks for Spanish).
    /// </summary>
    public Caller As(string tenant, string role, string user = "ana") => new(Host, Token(tenant, role, user), null);

    /// <summary>
    /// A caller without credentials. Tests assert the problems' English texts, so it asks for English by default; citizen
    /// routes answer in Spanish to a caller that asks for no language (see ProblemLanguageTests), which passing null gives.
    /// </summary>
    public Caller Anonymous(string? acceptLanguage = "en") => new(Host, null, acceptLanguage);

    /// <summary>A caller presenting this bearer token (a chat's token, or a forged one).</summary>
    public Caller Bearer(string token, string? acceptLanguage = "en") => new(Host, token, acceptLanguage);

    /// <summary>
    /// An HTTP client over the test server, for what a scenario cannot say: bytes on the wire a client library writes
    /// (multipart streams, chunked bodies), SignalR's negotiation. Everything else is a scenario.
    /// </summary>
    public HttpClient HttpClient(string? token = null, string? acceptLanguage = "en")
    {
        var client = Host.Server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (acceptLanguage is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        return client;
    }

    /// <summary>Waits until every async projection has applied every event appended so far (e.g. before reading the case list).</summary>
    public Task ProjectionsCaughtUpAsync(TimeSpan? timeout = null) =>
        Host.Services.GetRequiredService<Atencion.Projections.Marten.AsyncProjections>().WaitForNonStaleAsync(timeout ?? TimeSpan.FromSeconds(30), default);

    public virtual async Task DisposeAsync()
    {
        await StopHostAsync();
        await Db.DisposeAsync();
    }
}
