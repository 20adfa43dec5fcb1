using System.Diagnostics;

namespace Atencion.CaseService.Tests.OpenApi;

/// <summary>The pinned npm tools of <c>tests/OpenApi</c> (Redocly CLI, openapi-typescript, TypeScript), installed by <c>ops/test</c> with <c>npm ci</c>.</summary>
public static class NodeTools
{
    /// <summary>The folder holding package.json, the lock file, redocly.yaml and the client script.</summary>
    public static string Folder { get; } = FindFolder();

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "OpenApi");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new InvalidOperationException("tests/OpenApi/package.json not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Fails with what to do when node or the installed tools are missing (never skips).</summary>
    public static void RequireInstalled()
    {
        var node = Run("node", ["--version"], Folder, TimeSpan.FromSeconds(30), throwIfMissing: false);
        Assert.True(node.ExitCode == 0, "node is required for the OpenAPI client tests (Node.js 20.19 or later): " + node.Output);
        foreach (var tool in new[] { "redocly", "openapi-typescript", "tsc" })
            Assert.True(File.Exists(Bin(tool)),
                $"{Bin(tool)} is missing: run `npm ci --prefix tests/OpenApi --no-audit --no-fund` (ops/test does it before dotnet test).");
    }

    /// <summary>A tool's launcher in node_modules/.bin.</summary>
    public static string Bin(string tool) => Path.Combine(Folder, "node_modules", ".bin", tool);

    /// <summary>What a process printed (stdout then stderr) and its exit code.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
    }

    /// <summary>Runs a program to its end (killed after the timeout), with Redocly's telemetry and update notice off.</summary>
    public static Result Run(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? env = null, bool throwIfMissing = true)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) start.Environment[key] = value;
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) when (!throwIfMissing) { return new Result(-1, "", $"{file}: {e.Message}"); }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', args)} did not end within {timeout}");
            }
            process.WaitForExit();
            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
