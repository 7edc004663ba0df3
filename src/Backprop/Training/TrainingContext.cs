namespace Backprop.Training;

/// <summary>Shared state of one training run, visible to callbacks.</summary>
public sealed class TrainingContext
{
    private readonly IWeightSnapshot _snapshot;

    internal TrainingContext(TrainingOptions options, IWeightSnapshot snapshot, bool hasValidation)
    {
        Options = options;
        _snapshot = snapshot;
        HasValidation = hasValidation;
    }

    /// <summary>The options the run uses.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Whether a validation (dev) set was given, so dev metrics are computed each epoch.</summary>
    public bool HasValidation { get; }

    /// <summary>Set to true to end training after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>Whether <see cref="SaveWeights"/> has been called in this run.</summary>
    public bool HasSavedWeights => _snapshot.HasSaved;

    /// <summary>Copies the network's current weights (and batch-norm running statistics) aside, replacing an earlier copy.</summary>
    public void SaveWeights() => _snapshot.Save();

    /// <summary>
    /// Asks the trainer for a checkpoint (<see cref="Serialization.CheckpointFile"/>) of the run as it stands after
    /// the current epoch, written atomically to <paramref name="path"/> once every callback has handled the
    /// epoch, so that the callbacks' own state (early stopping's patience count) is included.
    /// </summary>
    /// <param name="path">The file to write; replaced if it exists. Its folder must exist.</param>
    /// <param name="metadata">Class names, normalization and properties to keep with the model.</param>
    public void RequestCheckpoint(string path, Serialization.ModelMetadata? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        (PendingCheckpoints ??= []).Add((path, metadata ?? new Serialization.ModelMetadata()));
    }

    /// <summary>Checkpoints asked for during the current epoch; null until the first request (nothing is allocated without checkpointing).</summary>
    internal List<(string Path, Serialization.ModelMetadata Metadata)>? PendingCheckpoints { get; private set; }

    /// <summary>Puts the weights last saved by <see cref="SaveWeights"/> back into the network.</summary>
    /// <exception cref="InvalidOperationException">Nothing was saved.</exception>
    public void RestoreWeights() => _snapshot.Restore();
}
