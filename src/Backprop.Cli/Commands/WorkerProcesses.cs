using System.Diagnostics;
using System.Reflection;

namespace Backprop.Cli.Commands;

/// <summary>
/// Starts copies of this tool as <c>tune-worker</c> processes, forwards their output line by line, and waits
/// for them (killing them if the coordinator is cancelled).
/// </summary>
/// <remarks>
/// "This tool" is found the way it was started: an apphost (<c>backprop</c>, <c>Backprop.Cli</c>, a single-file
/// build) is run again as is; under the dotnet host (<c>dotnet Backprop.Cli.dll</c>), or when the CLI runs
/// inside another program such as a test host, the dotnet host runs <c>Backprop.Cli.dll</c>.
/// </remarks>
internal sealed class WorkerProcesses : IDisposable
{
    private readonly List<Process> _processes = [];
    private readonly TextWriter _log;
    private readonly Lock _logGate = new();

    /// <param name="log">Where the workers' output goes, each line prefixed with <c>[worker N]</c>.</param>
    public WorkerProcesses(TextWriter log) => _log = log;

    /// <summary>The workers' process ids, in start order.</summary>
    public IReadOnlyList<int> ProcessIds => [.. _processes.Select(p => p.Id)];

    /// <summary>The command that runs this tool again with <paramref name="arguments"/>.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var cli = typeof(WorkerProcesses).Assembly;
        string? processPath = Environment.ProcessPath;
        bool underDotnet = processPath is not null && IsDotnetHost(processPath);
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (processPath is not null && !underDotnet && Assembly.GetEntryAssembly() == cli)
            info.FileName = processPath;
        else
        {
            info.FileName = underDotnet ? processPath! : DotnetHost();
            info.ArgumentList.Add(cli.Location);
        }
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        return info;
    }

    /// <summary>Starts one worker with <paramref name="arguments"/> (after the tool's own path).</summary>
    public void Start(IEnumerable<string> arguments)
    {
        int number = _processes.Count + 1;
        var process = new Process { StartInfo = StartInfo(arguments) };
        process.OutputDataReceived += (_, e) => Forward(number, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(number, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    /// <summary>Waits for every worker; on cancellation kills them all and throws.</summary>
    /// <returns>Each worker's exit code, in start order.</returns>
    /// <exception cref="OperationCanceledException">The coordinator was cancelled; the workers were killed and their trials stay claimed by dead processes, so a rerun picks them up.</exception>
    public IReadOnlyList<int> WaitAll(CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(KillAll))
        {
            foreach (var process in _processes)
                process.WaitForExit();
        }
        cancellationToken.ThrowIfCancellationRequested();
        return [.. _processes.Select(p => p.ExitCode)];
    }

    /// <summary>Kills workers still running (a coordinator stopped part way).</summary>
    public void Dispose()
    {
        KillAll();
        foreach (var process in _processes)
            process.Dispose();
    }

    private void KillAll()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }
        }
    }

    private void Forward(int worker, string? line)
    {
        if (line is null)
            return;
        lock (_logGate)
            _log.WriteLine($"[worker {worker}] {line}");
    }

    private static bool IsDotnetHost(string path) => Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase);

    // The dotnet host that runs this process: named by the SDK when it started us, or found next to the runtime.
    private static string DotnetHost()
    {
        string exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            return hostPath;
        // System.Private.CoreLib lives in DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION/.
        string? runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        string? root = runtime is null ? null : Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        if (root is not null && File.Exists(Path.Combine(root, exe)))
            return Path.Combine(root, exe);
        return exe;
    }
}
