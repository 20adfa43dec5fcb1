using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Atencion.CaseService.Tests.Scenarios;

/// <summary>Starting the service on a real Kestrel socket, for clients a test server cannot serve (a browser, node, raw bytes).</summary>
public static class KestrelApps
{
    /// <summary>Starts the app and returns the address it listens on (the port Kestrel picked when it was asked for 0).</summary>
    public static async Task<Uri> StartListeningAsync(this WebApplication app)
    {
        await app.StartAsync();
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }
}
