namespace Backprop.Schedules;

/// <summary>
/// Inverse-time decay applied in steps, the course's <c>schedule_lr_decay</c>: the rate holds for
/// <see cref="TimeInterval"/> epochs, then drops.
/// </summary>
/// <remarks>
/// <para>This effectively computes <c>α = α₀ / (1 + decayRate · ⌊epoch / timeInterval⌋)</c>.</para>
/// <para>
/// With decay rate 1 and interval 1000 the rate runs α₀, α₀/2, α₀/3, … every 1000 epochs. The course's
/// notebook applies this after each epoch with the index of the epoch just finished; use
/// <c>new AfterEpochUpdate(new FixedIntervalDecay(1, 1000))</c> to reproduce its runs.
/// </para>
/// </remarks>
public sealed class FixedIntervalDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="decayRate">How much each step lowers the rate; 0 keeps it constant. Non-negative and finite.</param>
    /// <param name="timeInterval">The number of epochs between drops; at least 1. The course uses 1000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decayRate"/> is negative, NaN or infinite, or <paramref name="timeInterval"/> is less than 1.</exception>
    public FixedIntervalDecay(double decayRate, int timeInterval = 1000)
    {
        if (!double.IsFinite(decayRate) || decayRate < 0)
            throw new ArgumentOutOfRangeException(nameof(decayRate), decayRate, "The decay rate must be non-negative and finite.");
        if (timeInterval < 1)
            throw new ArgumentOutOfRangeException(nameof(timeInterval), timeInterval, "The time interval must be at least one epoch.");
        DecayRate = decayRate;
        TimeInterval = timeInterval;
    }

    /// <summary>The decay rate.</summary>
    public double DecayRate { get; }

    /// <summary>The number of epochs the rate holds before each drop.</summary>
    public int TimeInterval { get; }

    /// <inheritdoc/>
    public override string Name => Invariant($"FixedIntervalDecay(decayRate={DecayRate}, timeInterval={TimeInterval})");

    /// <inheritdoc/>
    protected override double ComputeRate(int epoch, double initialRate)
    {
        // Integer division is the floor here because epoch ≥ 0 and the interval > 0.
        int steps = epoch / TimeInterval;
        return initialRate / (1 + DecayRate * steps);
    }
}
