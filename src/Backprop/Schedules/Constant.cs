namespace Backprop.Schedules;

/// <summary>No decay: every epoch trains with the initial rate.</summary>
/// <remarks>This effectively computes <c>α = α₀</c>.</remarks>
public sealed class Constant : LearningRateSchedule
{
    /// <inheritdoc/>
    public override string Name => "Constant";

    /// <inheritdoc/>
    protected override double ComputeRate(int epoch, double initialRate) => initialRate;
}
