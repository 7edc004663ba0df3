using System.Numerics;
using Backprop.Layers;
using Backprop.Training;

namespace Backprop.Diagnostics;

/// <summary>
/// A training callback that records <see cref="LayerStatistics"/> snapshots as training runs and flags
/// vanishing and exploding gradients in <see cref="Warnings"/>. It never writes anywhere: read
/// <see cref="History"/> and <see cref="Warnings"/> after (or during) training.
/// </summary>
/// <remarks>
/// <para>A snapshot is taken at the end of every <see cref="Every"/>-th epoch (epochs 0, k, 2k, …) and of
/// the run's last epoch, from the epoch's last mini-batch: its activations, its dZ and its gradients, which
/// are still in place after the update (see <see cref="LayerStatistics"/>).</para>
/// <para>The rules, each applied to every snapshot:</para>
/// <list type="bullet">
/// <item><b>Vanishing, relative:</b> a weight's ‖dW‖₂/‖W‖₂ &lt; <see cref="MinimumRelativeGradient"/> (1e-7):
/// a step of any sensible learning rate leaves W practically unchanged.</item>
/// <item><b>Vanishing or exploding across layers:</b> the rms of dZ at the first dense layer is more than
/// <see cref="MaximumLayerRatio"/> (1000×) smaller or larger than at the output layer. dZ is compared,
/// rather than dW, because it is the signal that is multiplied by Wᵀ·g′ once per layer on the way back.</item>
/// <item><b>Exploding, non-finite:</b> any norm, dZ or activation statistic is NaN or ±∞ (the other
/// rules are then skipped for that snapshot).</item>
/// <item><b>Exploding between epochs:</b> a weight's ‖dW‖₂ grew more than <see cref="MaximumEpochGrowth"/>
/// (100×) since the previous snapshot (growth from exactly 0 is ignored).</item>
/// </list>
/// <para>Every firing of a rule is kept, so a persistent problem gives one warning per snapshot; group by
/// <see cref="GradientWarning.Kind"/> or <see cref="GradientWarning.Epoch"/> as needed. Training state is
/// reset in <see cref="OnTrainBegin"/>, so one monitor can serve several runs.</para>
/// </remarks>
/// <typeparam name="T">The network's element type.</typeparam>
/// <example>
/// <code>
/// var monitor = new GradientMonitor&lt;float&gt;(network, every: 10);
/// Trainer.Train(network, data, options with { Callbacks = [monitor] });
/// foreach (var warning in monitor.Warnings) logger.LogWarning("{Warning}", warning);
/// </code>
/// </example>
public sealed class GradientMonitor<T> : TrainingCallback where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SortedDictionary<int, IReadOnlyList<LayerSnapshot>> _history = [];
    private readonly List<GradientWarning> _warnings = [];
    private IReadOnlyList<LayerSnapshot>? _previous;

    /// <summary>Creates a monitor of <paramref name="network"/>.</summary>
    /// <param name="network">The network being trained (the same instance passed to the trainer).</param>
    /// <param name="every">Record every this many epochs, ≥ 1.</param>
    /// <param name="minimumRelativeGradient">Threshold of the relative vanishing rule, ≥ 0 and finite; 0 turns the rule off.</param>
    /// <param name="maximumLayerRatio">Threshold of the across-layers rules, &gt; 1; +∞ turns them off.</param>
    /// <param name="maximumEpochGrowth">Threshold of the between-epochs rule, &gt; 1; +∞ turns it off.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public GradientMonitor(Network<T> network, int every = 1, double minimumRelativeGradient = 1e-7,
        double maximumLayerRatio = 1e3, double maximumEpochGrowth = 100)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (every < 1)
            throw new ArgumentOutOfRangeException(nameof(every), every, "The monitor records every k epochs: k must be at least 1.");
        if (!(minimumRelativeGradient >= 0) || !double.IsFinite(minimumRelativeGradient))
            throw new ArgumentOutOfRangeException(nameof(minimumRelativeGradient), minimumRelativeGradient, "The minimum ‖dW‖/‖W‖ must be zero or positive, and finite.");
        if (!(maximumLayerRatio > 1))
            throw new ArgumentOutOfRangeException(nameof(maximumLayerRatio), maximumLayerRatio, "The maximum ratio of dZ between the first and last layers must be greater than 1.");
        if (!(maximumEpochGrowth > 1))
            throw new ArgumentOutOfRangeException(nameof(maximumEpochGrowth), maximumEpochGrowth, "The maximum growth of ‖dW‖ between records must be greater than 1.");
        Network = network;
        Every = every;
        MinimumRelativeGradient = minimumRelativeGradient;
        MaximumLayerRatio = maximumLayerRatio;
        MaximumEpochGrowth = maximumEpochGrowth;
    }

    /// <summary>The network watched.</summary>
    public Network<T> Network { get; }

    /// <summary>Snapshots are recorded at epochs 0, Every, 2·Every, … and at the last epoch.</summary>
    public int Every { get; }

    /// <summary>A weight with ‖dW‖₂/‖W‖₂ below this is flagged as vanishing (default 1e-7).</summary>
    public double MinimumRelativeGradient { get; }

    /// <summary>dZ at the first dense layer more than this many times smaller or larger than at the output layer is flagged as vanishing or exploding (default 1000).</summary>
    public double MaximumLayerRatio { get; }

    /// <summary>A weight whose ‖dW‖₂ grows more than this many times between two records is flagged as exploding (default 100).</summary>
    public double MaximumEpochGrowth { get; }

    /// <summary>The recorded snapshots: epoch → one <see cref="LayerSnapshot"/> per layer, in epoch order.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<LayerSnapshot>> History => _history;

    /// <summary>Every rule that fired, in the order found.</summary>
    public IReadOnlyList<GradientWarning> Warnings => _warnings;

    /// <summary>
    /// Captures the network now, stores it under <paramref name="epoch"/> and checks it against the rules
    /// and the previous record. The trainer calls this; call it yourself after
    /// <see cref="Network{T}.ComputeGradients"/> in a hand-written loop.
    /// </summary>
    /// <returns>The snapshot recorded.</returns>
    /// <exception cref="InvalidOperationException">The network has not run a forward pass yet.</exception>
    public IReadOnlyList<LayerSnapshot> Record(int epoch)
    {
        var snapshot = LayerStatistics.Capture(Network);
        GradientRules.Check(epoch, snapshot, _previous, MinimumRelativeGradient, MaximumLayerRatio, MaximumEpochGrowth, _warnings);
        _history[epoch] = snapshot;
        _previous = snapshot;
        return snapshot;
    }

    /// <summary>Forgets the records and warnings of any earlier run.</summary>
    public override void OnTrainBegin(TrainingContext context)
    {
        _history.Clear();
        _warnings.Clear();
        _previous = null;
    }

    /// <summary>Records the epoch when it is due (see <see cref="Every"/>).</summary>
    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The epoch's last batch has run its update; its gradients, dZ and activations are still in place.
        if (result.Epoch % Every == 0 || result.Epoch == context.Options.Epochs - 1)
            Record(result.Epoch);
    }
}
