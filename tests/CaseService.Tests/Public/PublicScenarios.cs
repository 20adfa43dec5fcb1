using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Public;

/// <summary>Scenario steps of the citizen's web form beyond <see cref="PublicApi"/>: sending a form that may be refused, and filing up to a limit.</summary>
public static class PublicScenarios
{
    /// <summary>Sends a web form (an object serialized as JSON) as a scenario that expects <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> SendForm(this Caller caller, string tenant, object form, Action<Scenario> expect) =>
        caller.PostJson($"/api/{tenant}/pqrsd", form, expect);

    /// <summary>Sends a web form as raw JSON text as a scenario that expects <paramref name="expect"/>.</summary>
    public static Task<IScenarioResult> SendFormJson(this Caller caller, string tenant, string json, Action<Scenario> expect) =>
        caller.PostRawJson($"/api/{tenant}/pqrsd", json, expect);

    /// <summary>Given this caller filed <paramref name="count"/> forms at an entity (each a 201): the first filing.</summary>
    public static async Task<PublicApi.Filed> GivenFormsFiled(this Caller caller, int count, string tenant = Api.Flori)
    {
        var first = await caller.FilePqrsd(tenant);
        for (var i = 1; i < count; i++) await caller.FilePqrsd(tenant);
        return first;
    }

    /// <summary>
    /// A citizen whose requests arrive from <paramref name="peer"/> (the connection's remote address), forwarded for
    /// <paramref name="forwardedFor"/> when given, asking for no language.
    /// </summary>
    public static Caller FromAddress(this ServiceFixture f, string peer, string? forwardedFor = null) =>
        new(new ClientAddressHost(f.Host, IPAddress.Parse(peer), forwardedFor), null, null);

    /// <summary>The fixture's host as one client address reaches it: every scenario gets that remote address (and X-Forwarded-For).</summary>
    private sealed class ClientAddressHost(IAlbaHost host, IPAddress peer, string? forwardedFor) : IAlbaHost
    {
        public Task<IScenarioResult> Scenario(Action<Scenario> configure) => host.Scenario(FromHere(configure));

        public Task<SseStreamResult> StreamServerSentEvents(Action<Scenario> configure, CancellationToken cancellation) =>
            host.StreamServerSentEvents(FromHere(configure), cancellation);

        private Action<Scenario> FromHere(Action<Scenario> configure) => x =>
        {
            x.ConfigureHttpContext(c => c.Connection.RemoteIpAddress = peer);
            if (forwardedFor is not null) x.WithRequestHeader("X-Forwarded-For", forwardedFor);
            configure(x);
        };

        public IAlbaHost BeforeEach(Action<HttpContext> beforeEach) => host.BeforeEach(beforeEach);
        public IAlbaHost AfterEach(Action<HttpContext?> afterEach) => host.AfterEach(afterEach);
        public IAlbaHost BeforeEachAsync(Func<Scenario, Task> beforeEach) => host.BeforeEachAsync(beforeEach);
        public IAlbaHost AfterEachAsync(Func<HttpContext?, Task> afterEach) => host.AfterEachAsync(afterEach);
        public TestServer Server => host.Server;
        public IServiceProvider Services => host.Services;
        public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);
        public Task StopAsync(CancellationToken cancellationToken = default) => host.StopAsync(cancellationToken);
        // The fixture owns the host: a caller never disposes it.
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
