namespace Backprop.Schedules;

/// <summary>
/// Lowers the rate when a monitored value (for example the cost) stops improving, with the semantics of
/// Keras's <c>ReduceLROnPlateau</c>: after <see cref="Patience"/> consecutive epochs without improvement the
/// rate is multiplied by <see cref="Factor"/>, but never below <see cref="MinRate"/>.
/// </summary>
/// <remarks>
/// <para>
/// This effectively computes <c>α = max(α₀ · factor^n, minRate)</c>, where <c>n</c> is the number of
/// reductions so far (<see cref="Reductions"/>); with <c>n = 0</c> it is α₀, even below the floor.
/// </para>
/// <para>
/// Feed it through <see cref="Observe"/> once per epoch. A value improves when it is lower than the best
/// so far by more than <see cref="MinDelta"/> (higher, when <see cref="HigherIsBetter"/>). After a
/// reduction the next <see cref="Cooldown"/> epochs do not count toward the patience, giving the new rate
/// time to act. A reduction the floor would swallow is not counted. <see cref="Reset"/> forgets everything,
/// so one instance can serve several fits.
/// </para>
/// </remarks>
public sealed class ReduceOnPlateau : LearningRateSchedule
{
    private int _cooldownLeft;
    private bool _atFloor;

    /// <summary>Creates the schedule.</summary>
    /// <param name="factor">The multiplier at each reduction, in (0, 1).</param>
    /// <param name="patience">Consecutive epochs without improvement before a reduction; at least 1.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement; non-negative and finite.</param>
    /// <param name="minRate">The floor under the rate; non-negative and finite. With 0 and enough reductions the rate underflows and <see cref="LearningRateSchedule.RateAt"/> throws.</param>
    /// <param name="higherIsBetter">True for a value to maximize (accuracy), false for one to minimize (cost).</param>
    /// <param name="cooldown">Epochs after a reduction that do not count toward the patience; non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside the range given above; the message names it.</exception>
    public ReduceOnPlateau(double factor = 0.1, int patience = 10, double minDelta = 1e-4, double minRate = 0,
        bool higherIsBetter = false, int cooldown = 0)
    {
        if (!(factor > 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be in (0, 1); a factor of 1 or more would never lower the rate.");
        if (patience < 1)
            throw new ArgumentOutOfRangeException(nameof(patience), patience, "The patience must be at least one epoch.");
        if (!double.IsFinite(minDelta) || minDelta < 0)
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "The minimum improvement must be non-negative and finite.");
        if (!double.IsFinite(minRate) || minRate < 0)
            throw new ArgumentOutOfRangeException(nameof(minRate), minRate, "The minimum rate must be non-negative and finite.");
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        (Factor, Patience, MinDelta, MinRate, HigherIsBetter, Cooldown) = (factor, patience, minDelta, minRate, higherIsBetter, cooldown);
        Reset();
    }

    /// <summary>The multiplier applied at each reduction.</summary>
    public double Factor { get; }

    /// <summary>Consecutive epochs without improvement before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>The floor under the rate.</summary>
    public double MinRate { get; }

    /// <summary>Whether a higher monitored value is better.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>Epochs after a reduction that do not count toward the patience.</summary>
    public int Cooldown { get; }

    /// <summary>The best monitored value so far; +∞ (−∞ when higher is better) before the first observation.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive counted epochs without improvement since the last improvement or reduction.</summary>
    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>How many times the rate has been lowered.</summary>
    public int Reductions { get; private set; }

    /// <inheritdoc/>
    public override string Name => Invariant(
        $"ReduceOnPlateau(factor={Factor}, patience={Patience}, minDelta={MinDelta}, minRate={MinRate}, {(HigherIsBetter ? "higher" : "lower")} is better, cooldown={Cooldown})");

    /// <summary>Records the monitored value of the epoch just finished and lowers the rate when the patience runs out.</summary>
    /// <param name="epoch">The 0-based epoch just finished.</param>
    /// <param name="monitoredValue">The value at the end of that epoch; not NaN.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative or <paramref name="monitoredValue"/> is NaN.</exception>
    public override void Observe(int epoch, double monitoredValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        // NaN compares false with everything, so it would pass silently as "no improvement".
        if (double.IsNaN(monitoredValue))
            throw new ArgumentOutOfRangeException(nameof(monitoredValue), monitoredValue, Invariant($"The monitored value of epoch {epoch} is NaN."));

        bool improved = HigherIsBetter ? monitoredValue > Best + MinDelta : monitoredValue < Best - MinDelta;
        if (improved)
        {
            Best = monitoredValue;
            EpochsWithoutImprovement = 0;
        }
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            return;
        }
        if (improved || ++EpochsWithoutImprovement < Patience)
            return;

        EpochsWithoutImprovement = 0;
        // Keras skips a reduction once the rate sits on the floor; counting it would only grow factor^n unseen.
        if (_atFloor)
            return;
        Reductions++;
        _cooldownLeft = Cooldown;
    }

    /// <summary>Forgets the best value, the waiting count and every reduction.</summary>
    public override void Reset()
    {
        Best = HigherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        EpochsWithoutImprovement = 0;
        Reductions = 0;
        _cooldownLeft = 0;
        _atFloor = false;
    }

    /// <inheritdoc/>
    /// <remarks>[best, epochs without improvement, reductions, cooldown left, at floor (0 or 1)].</remarks>
    public override double[] SaveState() => [Best, EpochsWithoutImprovement, Reductions, _cooldownLeft, _atFloor ? 1 : 0];

    /// <inheritdoc/>
    public override void RestoreState(IReadOnlyList<double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != 5 || double.IsNaN(state[0]) || !IsCount(state[1]) || !IsCount(state[2]) || !IsCount(state[3]) || state[4] is not (0 or 1))
            throw new ArgumentException($"A {nameof(ReduceOnPlateau)} state is [best, epochs without improvement, reductions, cooldown left, at floor]; got [{string.Join(", ", state)}].", nameof(state));
        (Best, EpochsWithoutImprovement, Reductions, _cooldownLeft, _atFloor) = (state[0], (int)state[1], (int)state[2], (int)state[3], state[4] == 1);
    }

    private static bool IsCount(double value) => value >= 0 && value <= int.MaxValue && value == Math.Floor(value);

    /// <inheritdoc/>
    protected override double ComputeRate(int epoch, double initialRate)
    {
        double rate = initialRate * Math.Pow(Factor, Reductions);
        // The floor only stops reductions; an α₀ already below it is kept, never raised.
        if (Reductions > 0 && rate < MinRate)
            rate = MinRate;
        _atFloor = rate <= MinRate;
        return rate;
    }
}
