using Atencion.CaseService.Tests.Scenarios;
using Microsoft.AspNetCore.Builder;

namespace Atencion.CaseService.Tests.OpenApi;

/// <summary>The service on a real Kestrel port (127.0.0.1, a free one), for clients outside the test process.</summary>
public sealed class KestrelServiceFixture : ServiceFixture
{
    /// <summary>Where the service listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseAddress { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync(); // an in-memory host migrates and seeds the demo entities
        await StopHostAsync();
        _app = NewKestrelApp(new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:0" });
        BaseAddress = (await _app.StartListeningAsync()).ToString().TrimEnd('/');
    }

    private WebApplication? _app;

    public override async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await base.DisposeAsync();
    }
}
