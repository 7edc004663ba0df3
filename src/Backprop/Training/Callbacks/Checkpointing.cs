using System.Globalization;
using Backprop.Serialization;

namespace Backprop.Training.Callbacks;

/// <summary>
/// Writes training checkpoints (<see cref="CheckpointFile"/>) into a folder: <c>epoch-0010.ckpt</c> after every
/// <see cref="Every"/> epochs (named by the number of epochs done), and <c>best.ckpt</c> whenever the watched dev
/// metric reaches a new best, so the best epoch's weights survive however long training goes on, and
/// <c>last.ckpt</c> when training ends, to continue from later. Resume from
/// any of them with <see cref="Trainer.Resume{T}(TrainingCheckpoint{T}, Data.Dataset{T}, TrainingOptions, Data.Dataset{T}?, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// Checkpoints are written after every callback has handled the epoch, atomically; nothing is allocated in
/// epochs that write none. The best value seen is part of the checkpointed state, so a resumed run replaces
/// <c>best.ckpt</c> only with a better epoch.
/// </remarks>
public sealed class Checkpointing : TrainingCallback, IResumableCallback
{
    private double _best = double.NaN;

    /// <summary>Creates the callback; the folder is created when training begins.</summary>
    /// <param name="directory">Folder for the checkpoint files.</param>
    /// <param name="every">Write <c>epoch-NNNN.ckpt</c> every this many epochs; 0 for none.</param>
    /// <param name="best">Also keep <c>best.ckpt</c>, the checkpoint of the epoch with the best <paramref name="metric"/> (needs a dev set unless it watches the training cost).</param>
    /// <param name="metric">What "best" means; the dev cost by default.</param>
    /// <param name="last">Also write <c>last.ckpt</c> when training ends (after early stopping's restore, if any).</param>
    /// <param name="metadata">Class names, normalization and properties stored with each checkpoint's model.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is negative.</exception>
    /// <exception cref="ArgumentException">Neither periodic nor best checkpoints are asked for.</exception>
    public Checkpointing(string directory, int every = 0, bool best = false, TrainingMetric metric = TrainingMetric.DevCost, ModelMetadata? metadata = null, bool last = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(every);
        if (every == 0 && !best && !last)
            throw new ArgumentException("Ask for periodic checkpoints (every > 0), best-on-dev checkpoints, the last one, or several.", nameof(every));
        Directory = directory;
        Every = every;
        Best = best;
        Metric = metric;
        Metadata = metadata ?? new ModelMetadata();
        Last = last;
    }

    /// <summary>Whether <c>last.ckpt</c> is written when training ends.</summary>
    public bool Last { get; }

    /// <summary>The folder the checkpoints go to.</summary>
    public string Directory { get; }

    /// <summary>Epochs between periodic checkpoints; 0 for none.</summary>
    public int Every { get; }

    /// <summary>Whether <c>best.ckpt</c> is kept.</summary>
    public bool Best { get; }

    /// <summary>The metric that decides the best epoch.</summary>
    public TrainingMetric Metric { get; }

    /// <summary>What is stored with each checkpoint's model.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The epoch <c>best.ckpt</c> holds (0-based), or −1.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>The path of the periodic checkpoint written after <paramref name="epochsDone"/> epochs.</summary>
    public string PathAfter(int epochsDone) => Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"epoch-{epochsDone:D4}.ckpt"));

    /// <summary>The path of the best-epoch checkpoint.</summary>
    public string BestPath => Path.Combine(Directory, "best.ckpt");

    /// <summary>The path of the checkpoint written when training ends.</summary>
    public string LastPath => Path.Combine(Directory, "last.ckpt");

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Best && Metric != TrainingMetric.TrainCost && !context.HasValidation)
            throw new InvalidOperationException($"Best checkpoints watch {Metric}, which needs a validation (dev) set.");
        System.IO.Directory.CreateDirectory(Directory);
        _best = double.NaN;
        BestEpoch = -1;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Every > 0 && (result.Epoch + 1) % Every == 0)
            context.RequestCheckpoint(PathAfter(result.Epoch + 1), Metadata);
        if (Best && Metric.ValueIn(result) is double value
            && (double.IsNaN(_best) || Metric.Improves(value, _best)))
        {
            _best = value;
            BestEpoch = result.Epoch;
            context.RequestCheckpoint(BestPath, Metadata);
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingContext context, History history)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Last)
            context.RequestCheckpoint(LastPath, Metadata);
    }

    string IResumableCallback.StateName => "checkpointing";

    /// <summary>[best value, best epoch].</summary>
    double[] IResumableCallback.SaveState() => [_best, BestEpoch];

    void IResumableCallback.RestoreState(IReadOnlyList<double> state)
    {
        if (state.Count != 2 || !(state[1] >= -1))
            throw new ArgumentException($"A checkpointing state is [best, best epoch]; got [{string.Join(", ", state)}].", nameof(state));
        (_best, BestEpoch) = (state[0], (int)state[1]);
    }
}
