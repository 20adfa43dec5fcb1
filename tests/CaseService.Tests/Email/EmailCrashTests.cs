using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Atencion.CaseService.Tests.Email;

/// <summary>Nodes that check in every second and are given up after three silent seconds, so a killed node's messages move on quickly.</summary>
public sealed class EmailCrashFixture() : EmailFixture(new Dictionary<string, string>
{
    ["Messaging:HealthCheckSeconds"] = "1",
    ["Messaging:StaleNodeSeconds"] = "3",
});

/// <summary>A node killed (SIGKILL) after the append committed and before the email reached the server loses nothing and sends nothing twice.</summary>
public sealed class EmailCrashTests(EmailCrashFixture f) : IClassFixture<EmailCrashFixture>
{
    [Fact]
    public async Task A_node_killed_after_the_answer_committed_leaves_its_email_to_the_next_node_which_sends_it_once()
    {
        var (id, radicado) = await f.FiledCaseWithEmail("caida@example.com");
        await f.StopHostAsync();

        // The doomed node is the service in a process of its own. Its SMTP port has nobody behind it, so the email it
        // owes cannot leave before the kill; its next attempt would come 5 s later.
        var port = FreePort();
        var url = $"http://127.0.0.1:{FreePort()}";
        using var node = StartNode(f.Settings(new Dictionary<string, string>
        {
            ["urls"] = url,
            ["Email:Smtp:Port"] = port.ToString(),
            ["Email:RetryDelaysSeconds"] = "5",
        }), out var output);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await UntilAsync(async () => (await TryGet(http, "/health/live")) == HttpStatusCode.OK, "the node to start", output);
            using var respond = new HttpRequestMessage(HttpMethod.Post, $"/api/{Api.Flori}/cases/{id}/respond")
            {
                Content = JsonContent.Create(new { text = "Respuesta enviada justo antes de la caída.", channel = "email" }),
            };
            respond.Headers.Authorization = new("Bearer", f.Token(Api.Flori, "specialist", "pedro"));
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(respond)).StatusCode);
            // Committed with its message: the node tried once, could not reach the server, and is killed before trying again.
            await UntilAsync(async () => await AttemptsAsync(id) >= 1, "the node's first attempt", output);
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
        Assert.Empty(f.Smtp.Received);

        // The next node finds the dead node's envelope (once that node is stale) and sends the email, once.
        f.Replace(await f.NewHostAsync());
        var row = Assert.Single(await f.OutboxSettled(id, timeout: TimeSpan.FromSeconds(90)));

        Assert.Equal("delivered", row.Status);
        var message = Assert.Single(f.Smtp.Received);
        Assert.Equal($"{row.EmailId:N}@atencion.test", message.Parse().MessageId);
        Assert.StartsWith($"[Radicado {radicado}] ", message.Parse().Subject);
        Assert.Equal(row.EmailId, Assert.Single(await f.Events(id, "EmailDelivered")).GetProperty("emailId").GetGuid());
        Assert.Empty(await f.Events(id, "EmailFailed"));
    }

    private async Task<int> AttemptsAsync(Guid caseId)
    {
        await using var conn = new NpgsqlConnection(f.Db.AppConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select coalesce(max(attempts), 0) from atencion.email_outbox where case_id = $1", conn);
        cmd.Parameters.AddWithValue(caseId);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    private static Process StartNode(IReadOnlyDictionary<string, string> settings, out StringBuilder output)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        var process = Process.Start(start)!;
        var log = output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpStatusCode?> TryGet(HttpClient http, string path)
    {
        try { return (await http.GetAsync(path)).StatusCode; }
        catch (HttpRequestException) { return null; }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, StringBuilder output)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                lock (output) Assert.Fail($"Timed out waiting for {what}. The node said:\n{output}");
            }
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
