namespace Backprop.Schedules;

/// <summary>
/// The lecture's "discrete staircase": the rate holds for <see cref="StepEpochs"/> epochs, then is
/// multiplied by <see cref="Factor"/>.
/// </summary>
/// <remarks>
/// <para>This effectively computes <c>α = α₀ · factor^⌊epoch / stepEpochs⌋</c>.</para>
/// <para>For example factor 0.5 and 10 step epochs halve the rate every 10 epochs. Compare
/// <see cref="FixedIntervalDecay"/>, which divides by <c>1 + decayRate·step</c> instead of multiplying.</para>
/// </remarks>
public sealed class StaircaseDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="factor">The multiplier per step, in (0, 1].</param>
    /// <param name="stepEpochs">The number of epochs in each step; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not in (0, 1], or <paramref name="stepEpochs"/> is less than 1.</exception>
    public StaircaseDecay(double factor, int stepEpochs)
    {
        if (!(factor > 0 && factor <= 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be in (0, 1].");
        if (stepEpochs < 1)
            throw new ArgumentOutOfRangeException(nameof(stepEpochs), stepEpochs, "A step must last at least one epoch.");
        Factor = factor;
        StepEpochs = stepEpochs;
    }

    /// <summary>The multiplier applied at each step.</summary>
    public double Factor { get; }

    /// <summary>The number of epochs in each step.</summary>
    public int StepEpochs { get; }

    /// <inheritdoc/>
    public override string Name => Invariant($"StaircaseDecay(factor={Factor}, stepEpochs={StepEpochs})");

    /// <inheritdoc/>
    protected override double ComputeRate(int epoch, double initialRate) => initialRate * Math.Pow(Factor, epoch / StepEpochs);
}
