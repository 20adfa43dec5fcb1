// Row h1: how late the idle-chat prompt and close land after they fall due, with the service as it runs (its Hangfire
// server, the real idle-chat sweep, its polling) on a database of its own. See docs/benchmarks.md, "Scheduled jobs".
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Atencion.CaseService.Auth;
using Atencion.CaseService.Entities;
using Atencion.CaseService.Hosting;
using Atencion.CaseService.Jobs;
using Atencion.Projections.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Atencion.Bench;

/// <summary>The real clock moved to a fixed instant when the row starts: the demo entity's chat is open whatever day the bench runs, and seconds stay seconds.</summary>
internal sealed class ShiftedClock(DateTimeOffset at) : TimeProvider
{
    private readonly TimeSpan _shift = at - DateTimeOffset.UtcNow;
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + _shift;
}

internal static class IdleChatLateness
{
    private const string Tenant = "alcaldia-tenjo";

    /// <summary>Chats started (spread over their first seconds, so their due times fall anywhere in a second), and the silences measured.</summary>
    public static async Task<List<Result>> RunAsync(BenchServer server, int chats = 40, int promptSeconds = 20, int closeSeconds = 40)
    {
        var db = await BenchDatabase.CreateAsync(server.Admin, server.AdminCs, server.AppCs, "atencion_bench_h1");
        try
        {
            var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
            var port = FreePort();
            // Tuesday 3 March 2026, 09:00 in Bogotá: inside Tenjo's chat hours.
            var clock = new ShiftedClock(new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero));
            await using var app = AtencionHost.Build(
            [
                $"--ATENCION_DB={db.App}", $"--ATENCION_DB_ADMIN={db.Admin}", $"--Auth:SigningKey={key}", $"--Integrity:ChainKey={key}",
                $"--urls=http://127.0.0.1:{port}", "--Jobs:Enabled=true", "--Logging:LogLevel:Default=Critical", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Critical", "--RateLimits:PublicPerMinute=10000",
            ], s => s.AddSingleton<TimeProvider>(clock));
            await app.StartAsync();
            await DemoEntities.SeedAsync(app.Services.GetRequiredService<EntityCommands>(), app.Services.GetRequiredService<EntityRegistry>(), default);
            // Signed on the real clock: the service validates lifetimes on it, whatever its own clock says.
            var tokens = new TokenIssuer(app.Services.GetRequiredService<TokenSettings>(), TimeProvider.System);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            HttpRequestMessage As(HttpMethod method, string url, string role, string user, HttpContent? body = null) => new(method, url)
            {
                Content = body,
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(Tenant, role, user)) },
            };

            var settings = (await (await Send(http, As(HttpMethod.Get, $"/api/{Tenant}/settings", "admin", "admin"))).Content.ReadFromJsonAsync<JsonObject>())!["settings"]!.AsObject();
            settings["chat"] = new JsonObject { ["idlePromptAfterSeconds"] = promptSeconds, ["idleCloseAfterSeconds"] = closeSeconds, ["presenceHeartbeatSeconds"] = 600 };
            await Send(http, As(HttpMethod.Put, $"/api/{Tenant}/settings", "admin", "admin", JsonContent.Create(settings)));
            await Send(http, As(HttpMethod.Put, $"/api/{Tenant}/staff/me/presence", "advisor", "asesor", JsonContent.Create(new { present = true })));

            var ids = new List<Guid>();
            var spread = TimeSpan.FromSeconds(5) / chats;
            for (var i = 0; i < chats; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await Send(http, new HttpRequestMessage(HttpMethod.Post, $"/api/{Tenant}/chats")
                {
                    Content = JsonContent.Create(new { name = "Luz Marina Rueda", email = $"luz{i}@example.com", question = "¿Cómo presento una queja?", dataProcessingConsent = true }),
                });
                var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                if ((string?)body["mode"] != "live") throw new InvalidOperationException($"chat {i} is {(string?)body["mode"]}, not live");
                ids.Add(Guid.Parse((string)body["caseId"]!));
                var left = spread - Stopwatch.GetElapsedTime(started);
                if (left > TimeSpan.Zero) await Task.Delay(left);
            }

            // Every chat closed, or the close's due time plus half a minute gone by.
            await using var source = NpgsqlDataSource.Create(db.Admin);
            var deadline = Stopwatch.GetTimestamp() + (long)((closeSeconds + 35) * Stopwatch.Frequency);
            while (await ScalarAsync(source, "select count(*) from atencion_es.mt_events where type = 'chat_closed' or type = 'ChatClosed'") < chats
                   && Stopwatch.GetTimestamp() < deadline)
                await Task.Delay(500);
            await app.StopAsync();

            var prompts = new List<double>();
            var closes = new List<double>();
            foreach (var id in ids)
            {
                var (active, prompt, closed) = await TimesAsync(source, id);
                if (prompt is { } p) prompts.Add((p - active.AddSeconds(promptSeconds)).TotalSeconds);
                if (closed is { } c) closes.Add((c - active.AddSeconds(closeSeconds)).TotalSeconds);
            }
            var missing = chats * 2 - prompts.Count - closes.Count;
            var note = $"{chats} chats, prompt at {promptSeconds} s / close at {closeSeconds} s of silence, SchedulePollingInterval {AtencionJobs.SchedulePollingInterval.TotalSeconds:0} s"
                       + (missing > 0 ? $"; {missing} prompts or closes MISSING" : "");
            var all = prompts.Concat(closes).ToList();
            return
            [
                new Result("h1", "idle-chat prompt and close, seconds late after due: p50", Percentile(all, 0.50), "s", null, note),
                new Result("h1", "idle-chat prompt and close, seconds late after due: p99", Percentile(all, 0.99), "s", null, null),
                new Result("h1", "idle-chat prompt and close, seconds late after due: max (goal <= 5 s)", all.Count == 0 ? double.NaN : all.Max(), "s", 5, null, GoalIsCeiling: true),
                new Result("h1", "  the prompts alone: max", prompts.Count == 0 ? double.NaN : prompts.Max(), "s", null, null),
                new Result("h1", "  the closes alone: max", closes.Count == 0 ? double.NaN : closes.Max(), "s", null, null),
            ];
        }
        finally
        {
            await db.DropAsync(server.Admin);
        }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource source, string sql)
    {
        await using var cmd = source.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    // The citizen's last activity (the chat's start: the citizen says nothing more), and when the prompt and the close were recorded.
    private static async Task<(DateTimeOffset Active, DateTimeOffset? Prompt, DateTimeOffset? Closed)> TimesAsync(NpgsqlDataSource source, Guid id)
    {
        await using var cmd = source.CreateCommand("""
            select (select (view -> 'chat' ->> 'citizenActiveAt')::timestamptz from atencion.case_views where case_id = $1),
                   (select min(timestamp) from atencion_es.mt_events where stream_id = $1 and data::text like '%¿Se encuentra en línea?%'),
                   (select min(timestamp) from atencion_es.mt_events where stream_id = $1 and type in ('chat_closed', 'ChatClosed'))
            """);
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetFieldValue<DateTimeOffset>(0),
            r.IsDBNull(1) ? null : r.GetFieldValue<DateTimeOffset>(1),
            r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2));
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }
}
