namespace Backprop.Schedules;

/// <summary>Exponential decay: the rate is multiplied by <see cref="K"/> every epoch.</summary>
/// <remarks>
/// <para>This effectively computes <c>α = k^epoch · α₀</c>, with <c>0 &lt; k ≤ 1</c> (the lecture uses k = 0.95).</para>
/// <para>
/// Epochs count from 0 so that the first epoch trains with α₀, as in <see cref="InverseTimeDecay"/>. For a
/// long run <c>k^epoch</c> eventually underflows to 0, and <see cref="LearningRateSchedule.RateAt"/> then
/// throws rather than train with a zero rate.
/// </para>
/// </remarks>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="k">The factor per epoch, in (0, 1]; 1 keeps the rate constant.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not in (0, 1].</exception>
    public ExponentialDecay(double k)
    {
        if (!(k > 0 && k <= 1))
            throw new ArgumentOutOfRangeException(nameof(k), k, "The decay factor k must be in (0, 1].");
        K = k;
    }

    /// <summary>The factor applied per epoch.</summary>
    public double K { get; }

    /// <inheritdoc/>
    public override string Name => Invariant($"ExponentialDecay(k={K})");

    /// <inheritdoc/>
    protected override double ComputeRate(int epoch, double initialRate) => Math.Pow(K, epoch) * initialRate;
}
