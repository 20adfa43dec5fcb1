using System.Net;
using System.Net.Sockets;
using System.Text;
using Atencion.CaseService.Tests.Scenarios;
using Microsoft.AspNetCore.Builder;

namespace Atencion.CaseService.Tests.Hosting;

/// <summary>
/// docs/api.md, "Requests the server refuses": what reaches the service is answered with a problem, even when no endpoint
/// ran (no route, a wrong method, a body over Kestrel's limit); what Kestrel refuses while parsing the request (a NUL or a
/// raw non-ASCII byte in the target, a malformed request line) never reaches the service: a bare 400, nothing appended.
/// These tests serve the real host on Kestrel (a loopback port): TestServer does not parse HTTP, and its client refuses a
/// path with a NUL before sending it.
/// </summary>
public sealed class ServerRejectionTests(ServiceFixture f) : IClassFixture<ServiceFixture>
{
    private const string Surveys = $"/api/{Api.Flori}/surveys";

    /// <summary>Serves the host on a free loopback port; the caller disposes it.</summary>
    private async Task<(WebApplication App, Uri Address)> Kestrel()
    {
        var app = f.NewKestrelApp(new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:0" });
        return (app, await app.StartListeningAsync());
    }

    /// <summary>Sends bytes as they are (HttpClient would escape or refuse them) and reads the whole answer.</summary>
    private static async Task<(int Status, string Head, string Body)> Raw(Uri server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        var answer = await new StreamReader(stream, Encoding.Latin1).ReadToEndAsync();
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (int.Parse(answer.Split(' ')[1]), answer[..split], answer[(split + 4)..]);
    }

    private static string Request(string method, string target, string body = "{}") =>
        $"{method} {target} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";

    [Fact]
    public async Task A_nul_in_the_path_never_reaches_the_service_and_appends_nothing()
    {
        var (app, address) = await Kestrel();
        await using var _ = app;
        var before = await f.Db.CountEventsAsync();

        var (status, head, body) = await Raw(address, Request("POST", $"{Surveys}/%00"));

        // Kestrel's own answer: it cannot be given a body (dotnet/aspnetcore#4726, aspnet/KestrelHttpServer#2947).
        Assert.Equal(400, status);
        Assert.Contains("Content-Length: 0", head);
        Assert.Equal("", body);
        Assert.DoesNotContain("X-Correlation-Id", head); // the service's first middleware never ran
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }

    [Theory]
    [InlineData("DELETE", $"{Surveys}/abc", 405)]
    [InlineData("POST", "/api/personeria-floridablanca/no-such-route", 404)]
    [InlineData("GET", $"{Surveys}/%2500", 404)]
    public async Task What_reaches_the_service_without_an_endpoint_answering_is_a_problem_on_kestrel(string method, string target, int expected)
    {
        var (app, address) = await Kestrel();
        await using var _ = app;

        var (status, head, body) = await Raw(address, Request(method, target));

        Assert.Equal(expected, status);
        Assert.Contains("Content-Type: application/problem+json", head);
        Assert.Contains($"\"status\":{expected}", body.Replace(" ", ""));
    }

    [Fact]
    public async Task A_body_over_kestrels_limit_is_a_413_problem_and_appends_nothing()
    {
        var (app, address) = await Kestrel();
        await using var _ = app;
        var advisor = f.As(Api.Flori, "advisor");
        var id = await advisor.CreateCase();
        var before = await f.Db.CountEventsAsync();
        // Only the head and the first bytes are sent: Kestrel refuses the declared length as soon as the form is read.
        var request = $"POST /api/{Api.Flori}/cases/{id}/documents HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {advisor.Token}\r\n"
            + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 31457280\r\nConnection: close\r\n\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"grande.pdf\"\r\n\r\n%PDF-1.7\n";

        var (status, head, body) = await Raw(address, request);

        Assert.Equal(413, status);
        Assert.Contains("Content-Type: application/problem+json", head);
        Assert.Contains("\"status\":413", body.Replace(" ", ""));
        Assert.Equal(before, await f.Db.CountEventsAsync());
    }
}
