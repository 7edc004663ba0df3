namespace Backprop.Training;

/// <summary>
/// A callback whose own state (best value so far, patience count, …) a checkpoint keeps, so a resumed
/// run decides exactly as the uninterrupted one would.
/// </summary>
internal interface IResumableCallback
{
    /// <summary>Identifies the kind of state (e.g. <c>early_stopping</c>); restored only into a callback with the same name.</summary>
    string StateName { get; }

    /// <summary>The state after the current epoch.</summary>
    double[] SaveState();

    /// <summary>Restores a state from <see cref="SaveState"/>; called after <see cref="TrainingCallback.OnTrainBegin"/>.</summary>
    /// <exception cref="ArgumentException">The state does not fit this callback.</exception>
    void RestoreState(IReadOnlyList<double> state);
}
