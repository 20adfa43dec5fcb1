using System.Net;
using System.Text.Json;
using Atencion.CaseService.Inbound;
using Atencion.CaseService.Tests.Chat;
using Atencion.CaseService.Tests.Inbound;
using Atencion.CaseService.Tests.Lifecycle;
using Atencion.CaseService.Tests.Public;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Atencion.CaseService.Tests.Logging;

/// <summary>The service with inbound secrets and every log line it writes, at its default levels, collected.</summary>
public sealed class LoggedFixture() : ServiceFixture(new Dictionary<string, string>
{
    [InboundSignature.SecretKey(Api.Flori)] = InboundApi.FloriSecret,
})
{
    public LogCollector Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

/// <summary>No chat token, bearer token, tracking code, survey token or inbound signature ever reaches a log line.</summary>
public sealed class SecretsInLogsTests(LoggedFixture f) : IClassFixture<LoggedFixture>
{
    [Fact]
    public async Task A_full_citizen_scenario_leaves_no_credential_in_the_logs()
    {
        var secrets = new List<string>();

        // A live chat: its token travels in the hub's query string on every long-polling request.
        var chat = await f.GivenChatWithAdvisorPresent(Api.Flori, "asesora");
        secrets.Add(chat.Token);
        await using (var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(f.Host.Server.BaseAddress, $"/hubs/chat?access_token={chat.Token}"), o =>
            {
                o.HttpMessageHandlerFactory = _ => f.Host.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build())
        {
            await hub.StartAsync();
            await hub.InvokeAsync("Join", Api.Flori, chat.CaseId);
        }
        var advisor = f.As(Api.Flori, "advisor", "asesora");
        secrets.Add(advisor.Token!);
        await advisor.Say(Api.Flori, chat.CaseId, "Con gusto le ayudo.", expect: x => x.StatusCodeShouldBe(HttpStatusCode.Created));

        // The web form and the status page: the tracking code in the query, right and wrong.
        var filed = await f.Anonymous().FilePqrsd();
        secrets.Add(filed.TrackingCode);
        await f.Anonymous().Status(Api.Flori, filed.Radicado, filed.TrackingCode, expect: x => x.StatusCodeShouldBe(HttpStatusCode.OK));
        var wrongCode = filed.TrackingCode[..^2] + (filed.TrackingCode.EndsWith("AA") ? "BB" : "AA");
        secrets.Add(wrongCode);
        await f.Anonymous().Status(Api.Flori, filed.Radicado, wrongCode, expect: x => x.IgnoreStatusCode()); // refused: only the log matters here

        // A survey: the token is in the path of both its routes.
        var id = await advisor.CreateCase(Api.Flori, Api.NewCase("email"));
        await advisor.Command(id, "classify", new { type = "orientation" }, expect: x => x.StatusCodeShouldBe(HttpStatusCode.OK));
        var closed = (await advisor.Command(id, "close", new { reason = "answered" })).Json();
        var survey = closed.GetProperty("surveyToken").GetString()!;
        secrets.Add(survey);
        await f.Anonymous().Scenario(x => { x.Get.Url($"/api/{Api.Flori}/surveys/{survey}"); x.IgnoreStatusCode(); });
        await f.Anonymous().Scenario(x =>
        {
            x.Post.Json(new { courtesy = 5, quality = 5, timeliness = 5, competence = 5, needMet = true }).ToUrl($"/api/{Api.Flori}/surveys/{survey}");
            x.StatusCodeShouldBe(HttpStatusCode.OK);
        });

        // Inbound email: a good signature and a forged one.
        var email = InboundApi.Email();
        var body = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(email));
        var timestamp = f.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        secrets.Add(InboundSignature.Sign(InboundApi.FloriSecret, timestamp, body));
        await f.Deliver(email, expect: x => x.StatusCodeShouldBeSuccess());
        var forged = InboundSignature.Sign("not-the-secret-0123456789abcdef", timestamp, body);
        secrets.Add(forged);
        await f.Deliver(email, secret: "not-the-secret-0123456789abcdef", expect: x => x.IgnoreStatusCode()); // refused

        // A chat token presented at another entity (refused).
        await f.Citizen(chat.Token).ReadChatAnswer(Api.Tenjo, chat.CaseId, x => x.IgnoreStatusCode());

        var lines = f.Logs.Lines.ToList();
        Assert.NotEmpty(lines); // the collector sees the host's logs (migrations, start-up): the scan below is not vacuous
        foreach (var secret in secrets)
        {
            var leaked = lines.Where(l => l.Contains(secret, StringComparison.Ordinal)
                                          || l.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal)).ToList();
            Assert.True(leaked.Count == 0, $"a credential reached {leaked.Count} log line(s), e.g. {leaked.FirstOrDefault()}");
        }
        // The console writes no scopes: ASP.NET Core's request scope holds the request's path, a survey token included.
        var json = f.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>>();
        Assert.False(json.CurrentValue.IncludeScopes);
        // Request lines are not logged at the default levels either.
        Assert.DoesNotContain(lines, l => l.Contains("Request starting", StringComparison.Ordinal));
    }
}
