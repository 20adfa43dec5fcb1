using System.Diagnostics;

namespace Atencion.CaseService.Tests.Ops;

/// <summary>
/// The ops scripts' own checks, run here so that ops/test counts them like any test. Each script starts its own
/// throwaway cluster through ops/lib.sh and exits 0 when the behaviour holds.
/// </summary>
public sealed class DbRestartTests
{
    [Fact]
    public async Task Ops_db_stop_then_start_keeps_the_cluster_on_its_port_while_closed_connections_linger_in_time_wait()
    {
        var (exitCode, output) = await RunAsync("ops/tests/db-restart-keeps-port.sh", TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"the script exited with {exitCode}:\n{output}");
        Assert.Contains("ok: restarted on port", output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, TimeSpan timeout)
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, script)])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }
        return (process.ExitCode, $"{await stdout}\n{await stderr}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ops", "lib.sh"))) return dir.FullName;
        throw new InvalidOperationException($"No ops/lib.sh above {AppContext.BaseDirectory}.");
    }
}
