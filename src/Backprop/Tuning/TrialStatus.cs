namespace Backprop.Tuning;

/// <summary>Where a trial stands in the trial log.</summary>
public enum TrialStatus
{
    /// <summary>A worker began it; with no later record the worker died or was stopped, and the trial is run again on resume.</summary>
    Started,

    /// <summary>It finished with a score.</summary>
    Completed,

    /// <summary>The objective threw (for example training diverged); it ranks after every completed trial.</summary>
    Failed,
}
