using System.Net.Http.Json;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Atencion.CaseService.Tests.Browser;

/// <summary>
/// The entity's own page, in headless Chromium, on the real service: from the entity's site it files a PQRSD, reads its
/// status, chats over WebSockets with the official SignalR client and keeps receiving after the service restarts, without
/// calling Join; the same page from a site the entity does not list is refused on every route and on the hub.
/// </summary>
/// <remarks>Driven by tests/Browser/citizen-page.mjs (playwright-core, Debian's Chromium); ops/test installs both.</remarks>
public sealed class CitizenPageBrowserTests(BrowserFixture f, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_entitys_page_files_reads_and_chats_across_a_restart_and_another_sites_page_is_refused_everywhere()
    {
        var browser = Path.Combine(RepositoryRoot(), "tests", "Browser");
        var chromium = Environment.GetEnvironmentVariable("ATENCION_CHROMIUM") ?? Chromium;
        Assert.True(File.Exists(chromium), $"Chromium is not installed at {chromium}: ops/test installs Debian's chromium (apt-get install chromium). This test fails rather than pass without a browser.");
        var signalr = Path.Combine(browser, "node_modules", "@microsoft", "signalr", "dist", "browser", "signalr.min.js");
        Assert.True(File.Exists(signalr) && Directory.Exists(Path.Combine(browser, "node_modules", "playwright-core")),
            "tests/Browser has no node_modules: run `npm ci` there (ops/test does).");

        await using var entitySite = await StaticSite.StartAsync(Path.Combine(browser, "citizen-page.html"), signalr);
        await using var otherSite = await StaticSite.StartAsync(Path.Combine(browser, "citizen-page.html"), signalr);
        await AllowOnly(Api.Flori, entitySite.Origin);
        var advisor = f.Staff(Api.Flori, "advisor", "asesora");
        (await advisor.PutAsJsonAsync($"/api/{Api.Flori}/staff/me/presence", new { present = true })).EnsureSuccessStatusCode();

        var run = await RunPage(browser, chromium, new
        {
            api = f.Service, tenant = Api.Flori, allowedSite = entitySite.Origin, otherSite = otherSite.Origin,
            advisorToken = advisor.DefaultRequestHeaders.Authorization!.Parameter, chromium,
        });

        output.WriteLine(run.ToJsonString());
        var allowed = run["allowed"]!;
        Assert.Equal(201, Status(allowed["filed"]));
        Assert.EndsWith($"/pqrsd/{allowed["filed"]!["body"]!["radicado"]}", (string?)allowed["filed"]!["location"]); // Location is exposed
        Assert.Equal(200, Status(allowed["status"]));
        Assert.Equal((string?)allowed["filed"]!["body"]!["radicado"], (string?)allowed["status"]!["body"]!["radicado"]);
        Assert.Equal(200, Status(allowed["availability"]));
        Assert.True((bool?)allowed["availability"]!["body"]!["online"], allowed["availability"]!.ToJsonString());
        Assert.Equal(201, Status(allowed["started"]));
        Assert.Equal("live", (string?)allowed["started"]!["body"]!["mode"]);
        Assert.Equal(200, Status(allowed["read"]));
        Assert.True((bool?)allowed["connected"]!["connected"], allowed["connected"]!.ToJsonString());
        Assert.True((bool?)allowed["joined"], $"the hub did not put the connection into its chat: {allowed["states"]!.ToJsonString()}");
        Assert.Equal(201, (int?)allowed["firstPosted"]);
        Assert.True((bool?)allowed["firstReceived"], "the advisor's message did not reach the page over WebSockets");
        Assert.Equal("restarted", (string?)allowed["restart"]);
        Assert.True((bool?)allowed["reconnected"], $"the page did not reconnect after the restart: {allowed["states"]!.ToJsonString()}");
        Assert.True((bool?)allowed["rejoined"], $"the hub did not put the new connection into its chat: {allowed["states"]!.ToJsonString()}");
        Assert.Equal(201, (int?)allowed["secondPosted"]);
        Assert.True((bool?)allowed["secondReceived"], $"after the restart the page received nothing without calling Join: {allowed["states"]!.ToJsonString()}");
        // The widget's catch-up read (GET …/messages?after=) on "joined", after its last reconnection; an earlier reconnection
        // may have reached the stopping host (it accepts until its listener closes), and its read failed with it.
        Assert.Equal("200", allowed["caughtUp"]!.AsArray().LastOrDefault()?.ToJsonString());
        Assert.Empty(allowed["errors"]!.AsArray());

        var other = run["other"]!;
        foreach (var route in new[] { "filed", "status", "availability", "started", "read", "said", "board", "survey" })
            Assert.True(other[route]!["error"] is not null, $"{route} from an unlisted origin was readable: {other[route]!.ToJsonString()}");
        Assert.False((bool?)other["hubWebSocket"]!["connected"], "the hub accepted a WebSocket from an unlisted origin");
        Assert.False((bool?)other["hubNegotiated"]!["connected"], "the hub accepted a negotiated connection from an unlisted origin");
        Assert.False((bool?)other["leaked"]);
    }

    private static int? Status(JsonNode? call) => (int?)call?["status"] ?? throw new Xunit.Sdk.XunitException($"the call failed: {call?.ToJsonString()}");

    /// <summary>The entity's administrator lists exactly this origin in its settings.</summary>
    private async Task AllowOnly(string tenant, string origin)
    {
        var admin = f.Staff(tenant, "admin", "admin");
        var settings = JsonNode.Parse(await admin.GetStringAsync($"/api/{tenant}/settings"))!["settings"]!.AsObject();
        settings["allowedOrigins"] = new JsonArray(origin);
        var put = await admin.PutAsync($"/api/{tenant}/settings", Api.Raw(settings.ToJsonString()));
        Assert.True(put.IsSuccessStatusCode, $"settings: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
    }

    /// <summary>Runs the page script, restarting the service when it asks, and returns its result.</summary>
    private async Task<JsonNode> RunPage(string directory, string chromium, object settings)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("citizen-page.mjs");
        start.ArgumentList.Add(JsonSerializer.Serialize(settings));
        start.Environment["ATENCION_CHROMIUM"] = chromium;
        using var node = Process.Start(start)!;
        var stderr = node.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            while (await node.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (!line.StartsWith('{')) continue;
                var message = JsonNode.Parse(line)!;
                switch ((string?)message["event"])
                {
                    case "restart":
                        await f.RestartAsync();
                        await node.StandardInput.WriteLineAsync("restarted");
                        await node.StandardInput.FlushAsync();
                        break;
                    case "result":
                        return message;
                    case "error":
                        Assert.Fail($"the browser run failed: {message["message"]}\n{message["partial"]?.ToJsonString()}\n{await Stderr()}");
                        break;
                }
            }
            Assert.Fail($"the browser run ended without a result (exit {(node.WaitForExit(5000) ? node.ExitCode : -1)}): {await Stderr()}");
            return null!;
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }

        async Task<string> Stderr()
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
            return await stderr.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Atencion.sln"))) return dir.FullName;
        throw new InvalidOperationException("Atencion.sln not found above the test's directory.");
    }
}
