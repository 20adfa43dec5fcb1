using System.Net;
using Atencion.CaseService.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.OpenApi;

/// <summary>The service on a real Kestrel port (127.0.0.1, a free one), for clients outside the test process.</summary>
public sealed class KestrelServiceFixture : ServiceFixture
{
    /// <summary>Where the service listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseAddress { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync(); // an in-memory host migrates and seeds the demo entities
        var kestrel = NewHost();
        kestrel.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        kestrel.StartServer();
        await Factory.DisposeAsync();
        Replace(kestrel);
        BaseAddress = kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single().TrimEnd('/');
    }

    /// <summary>A bearer token for a user of a tenant with one role.</summary>
    public string Token(string tenant, string role, string user = "ana") =>
        new TokenIssuer(Factory.Services.GetRequiredService<TokenSettings>(), TimeProvider.System).Issue(tenant, role, user);
}
