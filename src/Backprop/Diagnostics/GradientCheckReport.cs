using System.Globalization;
using System.Text;

namespace Backprop.Diagnostics;

/// <summary>One scalar parameter whose analytic and numeric gradients were compared.</summary>
/// <param name="Parameter">The parameter's dotted name, e.g. <c>layers.1.W</c>.</param>
/// <param name="Row">Row of the entry.</param>
/// <param name="Column">Column of the entry.</param>
/// <param name="Analytic">dθ from backward propagation.</param>
/// <param name="Numeric">dθ_approx from the two-sided difference.</param>
public readonly record struct GradientEntry(string Parameter, int Row, int Column, double Analytic, double Numeric)
{
    /// <summary>|Analytic − Numeric|.</summary>
    public double AbsoluteDifference => Math.Abs(Analytic - Numeric);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Parameter}[{Row},{Column}]: analytic {Analytic:G9}, numeric {Numeric:G9}, |difference| {AbsoluteDifference:G3}");
}

/// <summary>The result of a gradient check.</summary>
public sealed class GradientCheckReport
{
    internal GradientCheckReport(double relativeDifference, GradientCheckVerdict verdict, IReadOnlyList<GradientEntry> worst, int parameterCount, bool reproducible)
    {
        RelativeDifference = relativeDifference;
        Verdict = verdict;
        Worst = worst;
        ParameterCount = parameterCount;
        Reproducible = reproducible;
    }

    /// <summary>‖dθ − dθ_approx‖₂ / (‖dθ‖₂ + ‖dθ_approx‖₂) over all parameters flattened into one vector θ.</summary>
    public double RelativeDifference { get; }

    /// <summary>The course's verdict for <see cref="RelativeDifference"/>.</summary>
    public GradientCheckVerdict Verdict { get; }

    /// <summary>The entries with the largest |dθ − dθ_approx|, worst first.</summary>
    public IReadOnlyList<GradientEntry> Worst { get; }

    /// <summary>Number of scalar parameters checked.</summary>
    public int ParameterCount { get; }

    /// <summary>True when running backward propagation twice gave bit-identical gradients.</summary>
    public bool Reproducible { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Relative difference {RelativeDifference:G6} over {ParameterCount} parameters: {Verdict}.");
        foreach (var entry in Worst)
            text.Append("\n  ").Append(entry);
        return text.ToString();
    }
}
