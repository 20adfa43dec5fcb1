// The projection and read rows of issue 14 (r1 rebuild rate, l1 lag, g1 GET at 10 M vs 10 k), each in a database of its
// own on the bench server, dropped after it. See docs/benchmarks.md, "Projections and reads on Marten".
using System.Diagnostics;
using System.Globalization;
using Marten;
using Npgsql;

namespace Atencion.Bench;

internal static class ProjectionRows
{
    public static async Task RunAsync(BenchServer server)
    {
        var s = server.Settings;
        await PrintHeaderAsync(server);
        var results = new List<Result>();
        var timings = new List<string>();
        async Task Run(string key, Func<BenchServer, Task<List<Result>>> measure)
        {
            if (!s.Runs(key) && !(key == "r1" && s.WithDiagnostic("r0"))) return;
            var started = Stopwatch.GetTimestamp();
            results.AddRange(await measure(server));
            timings.Add($"{key} {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");
        }
        await Run("r1", ProjectionBench.RebuildAsync);
        await Run("l1", x => ProjectionBench.LagAsync(x, "l1", null));
        await Run("l2", x => ProjectionBench.LagAsync(x, "l2", TimeSpan.FromMilliseconds(100)));
        await Run("g1", GetCaseBench.RunAsync);

        Console.WriteLine();
        Console.WriteLine($"projections and reads on Marten (load average at the end: {LoadAverage()}; took {string.Join(", ", timings)}):");
        Console.WriteLine($"{"key",-11} {"what",-88} {"value",12} {"goal",8}  met?");
        foreach (var r in results)
        {
            var value = r.Unit switch
            {
                "events/s" => r.Value.ToString("N0", CultureInfo.InvariantCulture) + " ev/s",
                "s" => r.Value.ToString("F3", CultureInfo.InvariantCulture) + " s",
                "ms" => r.Value.ToString("F2", CultureInfo.InvariantCulture) + " ms",
                _ => r.Value.ToString("F3", CultureInfo.InvariantCulture),
            };
            Console.WriteLine($"{r.Key,-11} {r.What,-88} {value,12} {r.GoalText,8}  {r.Verdict}{(r.Note is null ? "" : "  (" + r.Note + ")")}");
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static async Task PrintHeaderAsync(BenchServer server)
    {
        await using var conn = await server.Admin.OpenConnectionAsync();
        var show = new List<string>();
        foreach (var name in new[] { "server_version", "fsync", "synchronous_commit", "shared_buffers", "max_wal_size", "effective_cache_size" })
        {
            await using var cmd = new NpgsqlCommand($"show {name}", conn);
            show.Add($"{name}={await cmd.ExecuteScalarAsync()}");
        }
        var marten = typeof(DocumentStore).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?";
        Console.WriteLine();
        Console.WriteLine($"Projections and reads on Marten {marten}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cpus, load average {LoadAverage()}");
        Console.WriteLine($"server    {string.Join(' ', show)}");
        Console.WriteLine($"store     AtencionMarten.Configure (schema atencion_es, Quick appends, conjoined, hash chain inline), applied by the owner with");
        Console.WriteLine($"          MartenSchema.ApplyAsync; appends, daemon and reads as {server.AppRole}; one database per row, dropped after it");
    }
}
