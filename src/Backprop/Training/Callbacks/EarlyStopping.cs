using System.Globalization;

namespace Backprop.Training.Callbacks;

/// <summary>
/// Stops training when a watched metric (by default the dev-set cost) has stopped improving, as the
/// course's "early stopping" and Keras's <c>EarlyStopping</c> do.
/// </summary>
/// <remarks>
/// <para>After each epoch (from <see cref="StartFromEpoch"/> on) the metric improves when it beats the best
/// so far by more than <see cref="MinDelta"/> (lower for costs, higher for accuracies). Each epoch without
/// an improvement — or whose value does not beat <see cref="Baseline"/>, when one is set — counts
/// towards <see cref="Patience"/>; when the count reaches it, training stops. With
/// <see cref="RestoreBestWeights"/>, the network then gets back the weights of its best epoch.</para>
/// <para>All state is reset when training begins, so one instance can serve several fits.</para>
/// </remarks>
public sealed class EarlyStopping : TrainingCallback, IResumableCallback
{
    private double _best;
    private int _wait;

    /// <summary>Creates the callback; every argument is validated.</summary>
    /// <param name="metric">What to watch.</param>
    /// <param name="patience">Epochs without improvement tolerated before stopping (≥ 0).</param>
    /// <param name="minDelta">Smallest change that counts as an improvement (≥ 0).</param>
    /// <param name="baseline">A value the metric must beat to reset the patience count; null for none.</param>
    /// <param name="restoreBestWeights">Restore the best epoch's weights when stopping.</param>
    /// <param name="startFromEpoch">Epochs to wait before watching (a warm-up), ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite.</exception>
    public EarlyStopping(TrainingMetric metric = TrainingMetric.DevCost, int patience = 0, double minDelta = 0,
        double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(startFromEpoch);
        if (!(minDelta >= 0) || !double.IsFinite(minDelta))
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "MinDelta must be finite and ≥ 0.");
        if (baseline is double b && !double.IsFinite(b))
            throw new ArgumentOutOfRangeException(nameof(baseline), baseline, "The baseline must be finite.");
        Metric = metric;
        Patience = patience;
        MinDelta = minDelta;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
    }

    /// <summary>The watched metric.</summary>
    public TrainingMetric Metric { get; }

    /// <summary>Epochs without improvement tolerated before stopping.</summary>
    public int Patience { get; }

    /// <summary>Smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Value the metric must beat to reset the patience count, or null.</summary>
    public double? Baseline { get; }

    /// <summary>Whether the best epoch's weights are restored when training stops early.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs ignored at the start.</summary>
    public int StartFromEpoch { get; }

    /// <summary>The best value seen in the last fit (NaN before any).</summary>
    public double Best => _best;

    /// <summary>The epoch of <see cref="Best"/>, or −1.</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>The epoch at which this callback stopped training, or null when it did not.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Metric != TrainingMetric.TrainCost && !context.HasValidation)
            throw new InvalidOperationException($"EarlyStopping watches {Metric}, which needs a validation (dev) set; pass one to Trainer.Train or watch TrainCost.");
        _best = double.NaN;
        _wait = 0;
        BestEpoch = -1;
        StoppedEpoch = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (result.Epoch < StartFromEpoch || Metric.ValueIn(result) is not double current)
            return;
        // Keras's rule: with restore on, keep the first watched epoch's weights even if nothing improves.
        if (RestoreBestWeights && !context.HasSavedWeights)
            context.SaveWeights();
        _wait++;
        if (double.IsNaN(_best) || Metric.Improves(current, _best, MinDelta))
        {
            _best = current;
            BestEpoch = result.Epoch;
            if (RestoreBestWeights)
                context.SaveWeights();
            if (Baseline is not double baseline || Metric.Improves(current, baseline, MinDelta))
            {
                _wait = 0;
                return;
            }
        }
        if (_wait >= Patience && result.Epoch > 0)
        {
            StoppedEpoch = result.Epoch;
            context.StopTraining = true;
            if (RestoreBestWeights)
                context.RestoreWeights();
        }
    }

    string IResumableCallback.StateName => "early_stopping";

    /// <summary>[best, epochs since the last improvement, best epoch, stopped epoch or −1].</summary>
    double[] IResumableCallback.SaveState() => [_best, _wait, BestEpoch, StoppedEpoch ?? -1];

    void IResumableCallback.RestoreState(IReadOnlyList<double> state)
    {
        if (state.Count != 4 || !(state[1] >= 0) || !(state[2] >= -1) || !(state[3] >= -1))
            throw new ArgumentException($"An early-stopping state is [best, wait, best epoch, stopped epoch]; got [{string.Join(", ", state)}].", nameof(state));
        (_best, _wait, BestEpoch, StoppedEpoch) = (state[0], (int)state[1], (int)state[2], state[3] < 0 ? null : (int)state[3]);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"EarlyStopping({Metric}, patience={Patience}, minDelta={MinDelta}{(Baseline is double b ? $", baseline={b}" : "")}{(RestoreBestWeights ? ", restore best" : "")})");
}
