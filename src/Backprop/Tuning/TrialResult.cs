namespace Backprop.Tuning;

/// <summary>A trial and how it ended.</summary>
public sealed record TrialResult
{
    /// <summary>The trial.</summary>
    public required Trial Trial { get; init; }

    /// <summary><see cref="TrialStatus.Completed"/> or <see cref="TrialStatus.Failed"/>.</summary>
    public required TrialStatus Status { get; init; }

    /// <summary>The score; NaN for a failed trial.</summary>
    public required double Score { get; init; }

    /// <summary>The objective's other numbers.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>How long the trial ran.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Why it failed, for a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>True when the result was read from the trial log (a resumed search) rather than computed now.</summary>
    public bool FromLog { get; init; }

    /// <summary>The in-memory outcome when the trial ran in this process (gives access to its training history).</summary>
    public TrialOutcome? Outcome { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Status == TrialStatus.Completed ? $"{Trial} → {Score:G6}" : $"{Trial} → {Status}: {Error}";
}
