using System.Net;
using System.Net.Sockets;
using Atencion.CaseService.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atencion.CaseService.Tests.Browser;

/// <summary>The service on a real Kestrel port of 127.0.0.1 (a browser cannot reach a test server), restartable on the same port and database.</summary>
public sealed class BrowserFixture : ServiceFixture
{
    /// <summary>The service's port; the same after a restart.</summary>
    public int Port { get; private set; }

    /// <summary>The service's address as the page calls it.</summary>
    public string Service => $"http://127.0.0.1:{Port}";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync(); // migrates and seeds on a test server
        Port = FreePort();
        await RestartAsync();
    }

    /// <summary>Stops the service (its connections drop) and starts a new one on the same port, database and clock.</summary>
    public async Task RestartAsync()
    {
        await StopHostAsync(); // the in-memory host that migrated and seeded
        if (_app is not null) await _app.DisposeAsync();
        _app = NewKestrelApp(new Dictionary<string, string> { ["urls"] = Service });
        await _app.StartAsync();
    }

    private WebApplication? _app;

    public override async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>A client of the service over the loopback network, with a staff member's token.</summary>
    public HttpClient Staff(string tenant, string role, string user) => LoopbackClient(Token(tenant, role, user));

    /// <summary>A client of the service over the loopback network with this bearer token.</summary>
    public HttpClient LoopbackClient(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(Service) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>A tiny web server for one origin: the entity's page and the SignalR client script beside it.</summary>
public sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>The site's origin (scheme://host:port), as the browser sends it.</summary>
    public string Origin { get; }

    private StaticSite(WebApplication app, string origin) => (_app, Origin) = (app, origin);

    public static async Task<StaticSite> StartAsync(string page, string script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.File(page, "text/html; charset=utf-8"));
        app.MapGet("/signalr.js", () => Results.File(script, "text/javascript"));
        await app.StartAsync();
        return new StaticSite(app, app.Urls.Single().TrimEnd('/'));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
