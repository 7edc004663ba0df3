namespace Backprop.Schedules;

/// <summary>
/// Lags a schedule by one epoch, as the course's notebook does: the rate is updated <em>after</em> each
/// epoch from the index of the epoch just finished, so epoch 0 trains with α₀ and epoch <c>e ≥ 1</c>
/// trains with the inner schedule's rate for <c>e − 1</c>.
/// </summary>
/// <remarks>
/// <para>This effectively computes <c>α(e) = α₀</c> for <c>e = 0</c>, else <c>inner(e − 1, α₀)</c>.</para>
/// <para>
/// The course's loop (<c>model</c> in "Optimization methods") trains an epoch, then sets
/// <c>learning_rate = decay(learning_rate0, i, decay_rate)</c> with <c>i</c> the epoch just finished, and
/// prints that value as "learning rate after epoch i". To reproduce its runs exactly:
/// <code>
/// var perEpoch = new AfterEpochUpdate(new InverseTimeDecay(decayRate: 1));      // update_lr
/// var stepped  = new AfterEpochUpdate(new FixedIntervalDecay(1, timeInterval: 1000)); // schedule_lr_decay
/// </code>
/// and the course's "learning rate after epoch i" is <c>RateAt(i + 1, α₀)</c>. Without the wrapper,
/// epoch 1 would already train with the decayed rate, one epoch earlier than the course.
/// </para>
/// <para><see cref="Observe"/> and <see cref="Reset"/> are passed on to the inner schedule.</para>
/// </remarks>
public sealed class AfterEpochUpdate : LearningRateSchedule
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The schedule whose rates are applied one epoch late.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public AfterEpochUpdate(LearningRateSchedule inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The wrapped schedule.</summary>
    public LearningRateSchedule Inner { get; }

    /// <inheritdoc/>
    public override string Name => $"AfterEpochUpdate({Inner.Name})";

    /// <inheritdoc/>
    public override void Observe(int epoch, double monitoredValue) => Inner.Observe(epoch, monitoredValue);

    /// <inheritdoc/>
    public override void Reset() => Inner.Reset();

    /// <inheritdoc/>
    public override double[] SaveState() => Inner.SaveState();

    /// <inheritdoc/>
    public override void RestoreState(IReadOnlyList<double> state) => Inner.RestoreState(state);

    /// <inheritdoc/>
    protected override double ComputeRate(int epoch, double initialRate) =>
        epoch == 0 ? initialRate : Inner.RateAt(epoch - 1, initialRate);
}
