namespace Backprop.Tuning;

/// <summary>One line of a <see cref="TrialLog"/>: a trial starting, completing or failing.</summary>
public sealed record TrialRecord
{
    /// <summary>The trial's id within its search.</summary>
    public required int TrialId { get; init; }

    /// <summary>The coarse-to-fine round.</summary>
    public required int Round { get; init; }

    /// <summary>The trial's seed; a resumed search checks it so a log from another search is not mistaken for this one.</summary>
    public required ulong Seed { get; init; }

    /// <summary>What happened.</summary>
    public required TrialStatus Status { get; init; }

    /// <summary>
    /// The trial's values. Read back from JSON, names are strings and numbers are <see cref="int"/> when
    /// written without a fraction or exponent and <see cref="double"/> otherwise.
    /// </summary>
    public required IReadOnlyDictionary<string, object> Parameters { get; init; }

    /// <summary>The objective's score (completed trials); NaN otherwise.</summary>
    public double Score { get; init; } = double.NaN;

    /// <summary>Other numbers the objective reported (train cost, dev accuracy, epochs, …).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>How long the trial ran (completed and failed trials).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The failure's message (failed trials).</summary>
    public string? Error { get; init; }

    /// <summary>Who wrote the record, so several processes (or machines) can share one log.</summary>
    public string WorkerId { get; init; } = "";

    /// <summary>The machine the writer ran on; with <see cref="ProcessId"/> it tells a claim whose worker died on this machine.</summary>
    public string? Host { get; init; }

    /// <summary>The writer's process id on <see cref="Host"/>.</summary>
    public int? ProcessId { get; init; }

    /// <summary>
    /// On a <see cref="TrialStatus.Started"/> record (a claim): until when the claim holds unless renewed by a
    /// later claim of the same worker. Workers on other machines reclaim the trial once it has passed.
    /// </summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>When the record was written (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;
}
