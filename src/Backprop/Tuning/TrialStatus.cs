namespace Backprop.Tuning;

/// <summary>Where a trial stands in the trial log.</summary>
public enum TrialStatus
{
    /// <summary>
    /// A worker claimed it and is running it (the record carries its host, process id and lease). With no later
    /// record and the worker dead or its lease expired, the trial is claimed again by another worker or on resume.
    /// </summary>
    Started,

    /// <summary>It finished with a score.</summary>
    Completed,

    /// <summary>The objective threw (for example training diverged); it ranks after every completed trial.</summary>
    Failed,
}
