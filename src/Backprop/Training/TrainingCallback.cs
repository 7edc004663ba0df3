namespace Backprop.Training;

/// <summary>
/// Receives training events. Override only the hooks you need; stop training early by setting
/// <see cref="TrainingContext.StopTraining"/>.
/// </summary>
public abstract class TrainingCallback
{
    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin(TrainingContext context) { }

    /// <summary>Before each epoch's batches.</summary>
    public virtual void OnEpochBegin(TrainingContext context, int epoch) { }

    /// <summary>Before each mini-batch's forward pass (for full-batch training, once per epoch).</summary>
    public virtual void OnBatchBegin(TrainingContext context, int epoch, int batch) { }

    /// <summary>After each mini-batch's update.</summary>
    public virtual void OnBatchEnd(TrainingContext context, BatchResult result) { }

    /// <summary>After each epoch's last update.</summary>
    public virtual void OnEpochEnd(TrainingContext context, EpochResult result) { }

    /// <summary>After the last epoch.</summary>
    public virtual void OnTrainEnd(TrainingContext context, History history) { }
}

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
