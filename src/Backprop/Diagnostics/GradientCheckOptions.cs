namespace Backprop.Diagnostics;

/// <summary>Settings of a <see cref="GradientCheck"/>; the defaults are the course's.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>The step ε of the two-sided difference (J(θ+ε) − J(θ−ε)) / 2ε; the course uses 1e-7.</summary>
    public double Epsilon { get; init; } = 1e-7;

    /// <summary>Relative differences below this are <see cref="GradientCheckVerdict.Correct"/> (course: 1e-7; its 2021 version accepts 2e-7).</summary>
    public double CorrectBelow { get; init; } = 1e-7;

    /// <summary>Relative differences above this are <see cref="GradientCheckVerdict.Wrong"/> (course: 1e-3).</summary>
    public double WrongAbove { get; init; } = 1e-3;

    /// <summary>How many of the worst entries the report lists.</summary>
    public int WorstCount { get; init; } = 5;

    /// <summary>Throws when a value is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive, or the thresholds are inverted.</exception>
    public void Validate()
    {
        if (!double.IsFinite(Epsilon) || Epsilon <= 0)
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "ε must be positive and finite.");
        if (!(CorrectBelow > 0) || !(WrongAbove >= CorrectBelow))
            throw new ArgumentOutOfRangeException(nameof(WrongAbove), WrongAbove, $"Thresholds must satisfy 0 < CorrectBelow ({CorrectBelow}) ≤ WrongAbove.");
        if (WorstCount < 0)
            throw new ArgumentOutOfRangeException(nameof(WorstCount), WorstCount, "WorstCount cannot be negative.");
    }
}
