using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Tuning;

namespace Backprop.Cli.Tests;

/// <summary>
/// Caviar mode at the process level: <c>tune --workers processes</c> starts real worker processes that share
/// one trial log; the tests kill them with <see cref="Process.Kill(bool)"/> part way and check that nothing
/// but the killed trial is lost and that the finished search equals an uninterrupted one.
/// </summary>
public sealed class TuneWorkerProcessTests : IDisposable
{
    private const int Trials = 6;
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-caviar").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Two noisy moons: each trial trains for a few tenths of a second, long enough to be killed in the middle.
    private string Data()
    {
        var random = new Random(11);
        var text = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 600; i++)
        {
            double t = random.NextDouble() * Math.PI;
            bool upper = random.NextDouble() < 0.5;
            double x1 = (upper ? Math.Cos(t) : 1 - Math.Cos(t)) + 0.3 * (random.NextDouble() - 0.5) * 2;
            double x2 = (upper ? Math.Sin(t) : 0.5 - Math.Sin(t)) + 0.3 * (random.NextDouble() - 0.5) * 2;
            text.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{(upper ? 0 : 1)}\n");
        }
        string path = Path.Combine(_folder, "moons.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private string Space()
    {
        string path = Path.Combine(_folder, "space.json");
        File.WriteAllText(path, """{"parameters":[{"name":"learning_rate","scale":"log-uniform","min":0.001,"max":0.1},{"name":"hidden_units","scale":"int","min":4,"max":12}]}""");
        return path;
    }

    private static string[] Search(string space, string data, string outDir) =>
        ["tune", space, "--data", data, "--target", "y", "--trials", Trials.ToString(CultureInfo.InvariantCulture), "--epochs", "6000", "--out", outDir];

    // The tool as a user runs it: its apphost, or the dotnet host with Backprop.Cli.dll.
    private static Process Start(bool apphost, IEnumerable<string> arguments)
    {
        string folder = AppContext.BaseDirectory;
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (apphost)
            info.FileName = Path.Combine(folder, OperatingSystem.IsWindows() ? "Backprop.Cli.exe" : "Backprop.Cli");
        else
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add(Path.Combine(folder, "Backprop.Cli.dll"));
        }
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        return Process.Start(info)!;
    }

    private static (int Exit, string Output, string Error) Finish(Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    // Polls the log (readers tolerate the record being written at that moment) until a worker holds a
    // trial it has not finished, after at least one trial completed; returns that worker's pid.
    private static int WorkerMidTrial(string log, Process coordinator)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !coordinator.HasExited)
        {
            var records = TrialLog.Read(log);
            var finished = records.Where(r => r.Status != TrialStatus.Started).Select(r => r.TrialId).ToHashSet();
            var running = records.LastOrDefault(r => r.Status == TrialStatus.Started && !finished.Contains(r.TrialId) && r.ProcessId != coordinator.Id);
            if (finished.Count > 0 && running?.ProcessId is int pid)
                return pid;
            Thread.Sleep(5);
        }
        throw new Xunit.Sdk.XunitException("No worker was seen in the middle of a trial.");
    }

    private static void AssertEachTrialCompletedOnce(string log)
    {
        var completed = TrialLog.Read(log).Where(r => r.Status == TrialStatus.Completed).Select(r => r.TrialId).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, Trials), completed);
    }

    private static Dictionary<int, double> Scores(string outDir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        return json.RootElement.GetProperty("trials").EnumerateArray().ToDictionary(t => t.GetProperty("trial").GetInt32(), t => t.GetProperty("score").GetDouble());
    }

    private async Task<Dictionary<int, double>> Uninterrupted(string space, string data)
    {
        string outDir = Path.Combine(_folder, "reference");
        Assert.Equal(0, await CommandLine.RunAsync([.. Search(space, data, outDir), "--parallel", "2"], new StringWriter(), new StringWriter()));
        return Scores(outDir);
    }

    [Fact]
    public async Task A_search_stopped_with_a_worker_killed_mid_trial_resumes_to_the_uninterrupted_result()
    {
        string space = Space(), data = Data();
        var reference = await Uninterrupted(space, data);
        string outDir = Path.Combine(_folder, "caviar");
        string log = Path.Combine(outDir, "tune-log.jsonl");

        using (var coordinator = Start(apphost: true, [.. Search(space, data, outDir), "--parallel", "2", "--workers", "processes"]))
        {
            int worker = WorkerMidTrial(log, coordinator);
            using (var victim = Process.GetProcessById(worker))
                victim.Kill();
            coordinator.Kill(entireProcessTree: true); // the whole search stopped, as by a power cut
            coordinator.WaitForExit();
        }

        // The log stays readable, the killed trial is still only claimed, and some trials are left to do.
        var stopped = TrialLog.ReadContents(log);
        int done = stopped.Records.Where(r => r.Status == TrialStatus.Completed).Select(r => r.TrialId).Distinct().Count();
        Assert.InRange(done, 1, Trials - 1);
        Assert.Contains(stopped.Records, r => r.Status == TrialStatus.Started && !stopped.Records.Any(f => f.TrialId == r.TrialId && f.Status != TrialStatus.Started));

        // Rerunning the same command resumes: the dead workers' claims are taken over and every trial finishes once.
        var (exit, output, error) = Finish(Start(apphost: true, [.. Search(space, data, outDir), "--parallel", "2", "--workers", "processes"]));
        Assert.True(exit == 0, error);
        Assert.Contains($"{Trials} trials, run by 2 worker processes", output);
        AssertEachTrialCompletedOnce(log);
        Assert.Equal(reference, Scores(outDir));
        Assert.Equal(Trials + 1, File.ReadAllLines(Path.Combine(outDir, "results.csv")).Length);
    }

    [Fact]
    public async Task When_one_worker_is_killed_the_other_takes_over_its_trial_and_the_run_completes()
    {
        string space = Space(), data = Data();
        var reference = await Uninterrupted(space, data);
        string outDir = Path.Combine(_folder, "caviar");
        string log = Path.Combine(outDir, "tune-log.jsonl");

        using var coordinator = Start(apphost: false, [.. Search(space, data, outDir), "--parallel", "2", "--workers", "processes", "--json"]);
        int worker = WorkerMidTrial(log, coordinator);
        using (var victim = Process.GetProcessById(worker))
            victim.Kill();
        var (exit, output, error) = Finish(coordinator);

        Assert.True(exit == 0, error);
        Assert.Contains($"(pid {worker}) exited with code", error);
        using (var json = JsonDocument.Parse(output))
            Assert.Equal(Trials, json.RootElement.GetProperty("completed").GetInt32());
        AssertEachTrialCompletedOnce(log);
        var records = TrialLog.Read(log);
        Assert.Contains(records, c => c.Status == TrialStatus.Started && c.ProcessId == worker
            && records.Any(f => f.TrialId == c.TrialId && f.Status == TrialStatus.Completed && f.ProcessId != worker));
        Assert.Equal(reference, Scores(outDir));
    }

    [Fact]
    public void When_every_worker_dies_the_coordinator_says_what_is_unfinished_and_exits_1()
    {
        string space = Space(), data = Data();
        string outDir = Path.Combine(_folder, "caviar");
        string log = Path.Combine(outDir, "tune-log.jsonl");
        using var coordinator = Start(apphost: true, [.. Search(space, data, outDir), "--parallel", "2", "--workers", "processes"]);

        var workers = new HashSet<int>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (workers.Count < 2 && DateTime.UtcNow < deadline)
        {
            workers.UnionWith(TrialLog.Read(log).Where(r => r.Status == TrialStatus.Started).Select(r => r.ProcessId!.Value));
            Thread.Sleep(5);
        }
        foreach (int pid in workers)
        {
            using var worker = Process.GetProcessById(pid);
            worker.Kill();
        }
        var (exit, _, error) = Finish(coordinator);

        Assert.Equal(1, exit);
        Assert.Contains("are unfinished and no live worker holds them", error);
        Assert.Contains("run the search again with this log", error);
        Assert.Contains("exited with code", error);
        Assert.Single(error.Split('\n'), line => line.StartsWith("backprop", StringComparison.Ordinal)); // one line, besides the workers' own output
    }

    [Fact]
    public async Task Run_inside_another_program_the_coordinator_starts_workers_through_the_dotnet_host()
    {
        string space = Space(), data = Data();
        string outDir = Path.Combine(_folder, "hosted");
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(["tune", space, "--data", data, "--target", "y", "--trials", "3", "--epochs", "5", "--out", outDir, "--parallel", "2", "--workers", "processes"], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("3 trials, run by 2 worker processes", output.ToString());
        var records = TrialLog.Read(Path.Combine(outDir, "tune-log.jsonl"));
        Assert.Equal(3, records.Count(r => r.Status == TrialStatus.Completed));
        Assert.DoesNotContain(records, r => r.ProcessId == Environment.ProcessId);
        Assert.Contains("[worker 1]", error.ToString());
    }
}
