using Atencion.CaseService.Hosting;
using Atencion.EventStore.Marten;
using Atencion.Projections.Daemon;
using Atencion.Projections.Marten;
using MartenCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Atencion.CaseService.Admin;

/// <summary>The <c>projections rebuild [name]</c> verb: rebuilds one projection, or all, and returns when they are swapped in.</summary>
/// <remarks>
/// It records the request and runs Marten's coordinator and the supervisor in this process until the rebuild is done.
/// When a serving node already holds the projection's lock, this process stands by and the serving node does the
/// rebuild; either way the command waits for it.
/// </remarks>
public static class ProjectionsCommand
{
    /// <summary>Runs the verb with the arguments after <c>projections</c> (<c>--key=value</c> ones configure the host); returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] arguments)
    {
        var settings = arguments.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var args = arguments.Except(settings).ToArray();
        if (args is not ["rebuild", ..] || args.Length > 2)
        {
            await Console.Error.WriteLineAsync("usage: Atencion.CaseService projections rebuild [name]");
            return 2;
        }
        await using var app = AtencionHost.Build(settings);
        var daemon = app.Services.GetRequiredService<AsyncProjections>();
        var names = args.Length == 2 ? [args[1]] : daemon.Projections.Select(p => p.Name).ToArray();
        if (names.FirstOrDefault(n => daemon.Projections.All(p => p.Name != n)) is { } unknown)
        {
            await Console.Error.WriteLineAsync($"There is no projection '{unknown}'; there are: {string.Join(", ", daemon.Projections.Select(p => p.Name))}.");
            return 2;
        }
        await DatabaseMigration.RunAsync(app.Services.GetRequiredService<DatabaseSettings>(), app.Services.GetRequiredService<MartenSettings>(),
            app.Services.GetServices<IAsyncProjection>().ToList(), app.Configuration, default);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var coordinator = app.Services.GetRequiredService<MartenCoordinator>();
        var supervisor = app.Services.GetServices<IHostedService>().OfType<ProjectionSupervisor>().Single();
        await coordinator.StartAsync(stop.Token);
        await supervisor.StartAsync(stop.Token);
        try
        {
            foreach (var name in names) await daemon.RequestRebuildAsync(name, stop.Token);
            var requested = (await daemon.StatusAsync(stop.Token)).Where(s => names.Contains(s.Name)).ToDictionary(s => s.Name, s => s.RebuildRequestedAt);
            while (true)
            {
                var status = (await daemon.StatusAsync(stop.Token)).Where(s => names.Contains(s.Name)).ToList();
                if (status.FirstOrDefault(s => s.State == "faulted") is { } faulted)
                {
                    await Console.Error.WriteLineAsync($"{faulted.Name}: faulted at event {faulted.ErrorSeq} ({faulted.ErrorEventType}): {faulted.LastError}");
                    return 1;
                }
                var pending = status.Where(s => s.RebuildRequestedAt is not null || s.LastRebuiltAt < requested[s.Name]).ToList();
                if (pending.Count == 0)
                {
                    foreach (var s in status) Console.WriteLine($"{s.Name}: rebuilt, at event {s.CheckpointSeq}");
                    return 0;
                }
                foreach (var s in pending) Console.WriteLine($"{s.Name}: {s.State} on {s.Node}, rebuild at event {s.RebuildSeq ?? 0}");
                await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Interrupted: the rebuild goes on on the node that runs the projection, or starts afresh on the next one.");
            return 130;
        }
        finally
        {
            await supervisor.StopAsync(CancellationToken.None);
            await coordinator.StopAsync(CancellationToken.None);
        }
    }
}
