namespace Backprop.Schedules;

/// <summary>
/// Inverse-time decay, the course's <c>update_lr</c>: the rate shrinks a little every epoch.
/// </summary>
/// <remarks>
/// <para>This effectively computes <c>α = α₀ / (1 + decayRate · epoch)</c>, so epoch 0 trains with α₀.</para>
/// <para>
/// The course's notebook applies this after each epoch with the index of the epoch just finished; use
/// <c>new AfterEpochUpdate(new InverseTimeDecay(decayRate))</c> to reproduce its runs (see
/// <see cref="AfterEpochUpdate"/>).
/// </para>
/// </remarks>
public sealed class InverseTimeDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="decayRate">How fast the rate falls; 0 keeps it constant. Non-negative and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decayRate"/> is negative, NaN or infinite.</exception>
    public InverseTimeDecay(double decayRate)
    {
        if (!double.IsFinite(decayRate) || decayRate < 0)
            throw new ArgumentOutOfRangeException(nameof(decayRate), decayRate, "The decay rate must be non-negative and finite.");
        DecayRate = decayRate;
    }

    /// <summary>The decay rate.</summary>
    public double DecayRate { get; }

    /// <inheritdoc/>
    public override string Name => Invariant($"InverseTimeDecay(decayRate={DecayRate})");

    /// <inheritdoc/>
    protected override double ComputeRate(int epoch, double initialRate) => initialRate / (1 + DecayRate * epoch);
}
