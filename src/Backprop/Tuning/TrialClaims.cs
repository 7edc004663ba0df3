using System.Collections.Concurrent;
using System.Globalization;

namespace Backprop.Tuning;

/// <summary>
/// Where each trial of a shared <see cref="TrialLog"/> stands: finished (completed or failed), claimed by a
/// live worker, or free to claim, built from the log's records.
/// </summary>
/// <remarks>
/// <para>A trial's claim is its last <see cref="TrialStatus.Started"/> record. The claim is live when:
/// written by this process, the trial is still running here; written by another process on this machine,
/// that process is alive and the lease has not passed; written on another machine, the lease has not passed.
/// A claim with no host (written by hand or by an old version) is never live. Workers renew their lease while a
/// trial runs, so a lease passes only when its worker died, hung or lost the shared folder; machines' clocks
/// must agree to well within a lease.</para>
/// <para>A completed record is final whoever wrote it; if two workers ran a trial (a lease passed under a slow
/// worker) the first completion counts, and both gave the same result since a trial depends only on its seed.</para>
/// </remarks>
internal sealed class TrialClaims
{
    // (worker id, trial id) pairs running in this process: the only claims of this process that are live.
    private static readonly ConcurrentDictionary<(string Worker, int Trial), byte> RunningHere = new();

    private readonly Dictionary<int, TrialRecord> _finished = [];
    private readonly Dictionary<int, TrialRecord> _claims = [];

    /// <summary>Reads <paramref name="records"/>; failures among the first <paramref name="retryBefore"/> records are ignored (run again).</summary>
    public TrialClaims(IReadOnlyList<TrialRecord> records, int retryBefore = 0)
    {
        for (int i = 0; i < records.Count; i++)
        {
            var record = records[i];
            switch (record.Status)
            {
                case TrialStatus.Started:
                    _claims[record.TrialId] = record;
                    break;
                case TrialStatus.Completed when !_finished.TryGetValue(record.TrialId, out var seen) || seen.Status != TrialStatus.Completed:
                    _finished[record.TrialId] = record;
                    break;
                case TrialStatus.Failed when i >= retryBefore && !_finished.ContainsKey(record.TrialId):
                    _finished[record.TrialId] = record;
                    break;
            }
        }
    }

    /// <summary>The record that finished <paramref name="trialId"/>, or null.</summary>
    public TrialRecord? Finished(int trialId) => _finished.GetValueOrDefault(trialId);

    /// <summary>Any record of <paramref name="trialId"/> (to check its seed), or null.</summary>
    public TrialRecord? Any(int trialId) => _finished.GetValueOrDefault(trialId) ?? _claims.GetValueOrDefault(trialId);

    /// <summary>True when <paramref name="trialId"/> is unfinished and no live worker holds it.</summary>
    public bool IsFree(int trialId, DateTimeOffset now) =>
        !_finished.ContainsKey(trialId) && !(_claims.TryGetValue(trialId, out var claim) && IsLive(claim, now));

    /// <summary>Who holds <paramref name="trialId"/>, for messages: <c>worker (host, pid)</c>.</summary>
    public string Holder(int trialId) => _claims.TryGetValue(trialId, out var c)
        ? $"{c.WorkerId} (host {c.Host ?? "?"}, pid {c.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "?"})" : "nobody";

    /// <summary>Marks a trial as running in this process until <see cref="Done"/>.</summary>
    public static void Running(string workerId, int trialId) => RunningHere[(workerId, trialId)] = 0;

    /// <summary>The trial no longer runs in this process.</summary>
    public static void Done(string workerId, int trialId) => RunningHere.TryRemove((workerId, trialId), out _);

    private static bool IsLive(TrialRecord claim, DateTimeOffset now)
    {
        if (claim.Host is null || claim.ProcessId is not int pid)
            return false;
        bool leaseHolds = claim.LeaseUntil is null || claim.LeaseUntil > now;
        if (claim.Host != Environment.MachineName)
            return claim.LeaseUntil is not null && leaseHolds;
        if (pid == Environment.ProcessId)
            return RunningHere.ContainsKey((claim.WorkerId, claim.TrialId));
        return leaseHolds && ProcessAlive(pid);
    }

    /// <summary>
    /// Whether process <paramref name="pid"/> on this machine is alive. On Linux /proc says so, and a zombie
    /// (killed, not yet reaped by its parent) counts as dead; elsewhere the process table is asked.
    /// </summary>
    internal static bool ProcessAlive(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        if (Directory.Exists("/proc/self"))
        {
            try
            {
                string text = File.ReadAllText(stat);
                // The state is the first field after the command name, which is in parentheses and may hold spaces.
                int close = text.LastIndexOf(')');
                char state = close >= 0 && close + 2 < text.Length ? text[close + 2] : 'R';
                return state is not ('Z' or 'X' or 'x');
            }
            catch (IOException)
            {
                return false;
            }
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
