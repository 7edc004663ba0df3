namespace Backprop.Schedules;

/// <summary>
/// A rate set by hand while training runs: a callback, a UI or another thread assigns
/// <see cref="Rate"/>, and every later epoch trains with it.
/// </summary>
/// <remarks>
/// <para>This effectively computes <c>α = Rate</c>; the optimizer's α₀ is ignored.</para>
/// <para>
/// Reads and writes of <see cref="Rate"/> are atomic and immediately visible to the training thread; the
/// new value applies from the next call to <see cref="LearningRateSchedule.RateAt"/>, that is, from the
/// next epoch. <see cref="Reset"/>, called when training begins, restores <see cref="InitialRate"/>, so a
/// value assigned before a fit is replaced; pass the starting rate to the constructor instead.
/// </para>
/// </remarks>
public sealed class ManualSchedule : LearningRateSchedule
{
    private double _rate;

    /// <summary>Creates the schedule with the rate it starts from.</summary>
    /// <param name="initialRate">The rate until <see cref="Rate"/> is set; positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialRate"/> is not positive and finite.</exception>
    public ManualSchedule(double initialRate)
    {
        ValidateRate(initialRate, nameof(initialRate));
        InitialRate = initialRate;
        _rate = initialRate;
    }

    /// <summary>The rate this schedule starts from and returns to on <see cref="Reset"/>.</summary>
    public double InitialRate { get; }

    /// <summary>The rate the coming epochs train with. Safe to set from any thread.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is not positive and finite.</exception>
    public double Rate
    {
        get => Volatile.Read(ref _rate);
        set
        {
            // Rejected at the assignment, so the error points at the code that set it rather than at
            // the training loop an epoch later.
            ValidateRate(value, nameof(Rate));
            Volatile.Write(ref _rate, value);
        }
    }

    /// <inheritdoc/>
    public override string Name => Invariant($"ManualSchedule(rate={Rate})");

    /// <summary>Restores <see cref="Rate"/> to <see cref="InitialRate"/>.</summary>
    public override void Reset() => Volatile.Write(ref _rate, InitialRate);

    /// <inheritdoc/>
    /// <remarks>[the current rate].</remarks>
    public override double[] SaveState() => [Rate];

    /// <inheritdoc/>
    public override void RestoreState(IReadOnlyList<double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != 1)
            throw new ArgumentException($"A {nameof(ManualSchedule)} state is [rate]; got {state.Count} values.", nameof(state));
        Rate = state[0];
    }

    /// <inheritdoc/>
    protected override double ComputeRate(int epoch, double initialRate) => Rate;

    private static void ValidateRate(double rate, string name)
    {
        if (!double.IsFinite(rate) || rate <= 0)
            throw new ArgumentOutOfRangeException(name, rate, "The learning rate must be positive and finite.");
    }
}
