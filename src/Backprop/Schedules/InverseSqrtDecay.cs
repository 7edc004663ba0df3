namespace Backprop.Schedules;

/// <summary>Inverse-square-root decay: the rate falls as one over the square root of the epoch number.</summary>
/// <remarks>
/// <para>This effectively computes <c>α = k / √(epoch + 1) · α₀</c>.</para>
/// <para>
/// The lecture writes <c>α = k / √epoch_num · α₀</c> with <c>epoch_num</c> counting from 1; here epochs
/// count from 0, so <c>epoch_num = epoch + 1</c> and the first epoch trains with <c>k · α₀</c>.
/// </para>
/// </remarks>
public sealed class InverseSqrtDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="k">The scale, positive and finite; 1 makes the first epoch train with α₀.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive and finite.</exception>
    public InverseSqrtDecay(double k = 1)
    {
        if (!double.IsFinite(k) || k <= 0)
            throw new ArgumentOutOfRangeException(nameof(k), k, "The scale k must be positive and finite.");
        K = k;
    }

    /// <summary>The scale k.</summary>
    public double K { get; }

    /// <inheritdoc/>
    public override string Name => Invariant($"InverseSqrtDecay(k={K})");

    /// <inheritdoc/>
    protected override double ComputeRate(int epoch, double initialRate) => K / Math.Sqrt(epoch + 1.0) * initialRate;
}
