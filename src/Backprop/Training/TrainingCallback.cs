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
