using System.Globalization;
using Backprop.Randomness;

namespace Backprop.Tuning;

/// <summary>One named hyperparameter of a <see cref="SearchSpace"/>: its scale and its range or choices.</summary>
/// <remarks>
/// Sampling works in a "sampling coordinate" u where the scale is uniform: u = x for uniform and integer
/// scales, u = log₁₀ x for <see cref="ParameterScale.LogUniform"/> and u = log₁₀(1 − β) for
/// <see cref="ParameterScale.OneMinusBeta"/>. Grids are evenly spaced and coarse-to-fine shrinks ranges in
/// the same coordinate, so a log scale is log-spaced and shrinks in log space.
/// </remarks>
public sealed class SearchParameter
{
    private SearchParameter(string name, ParameterScale scale, double min, double max, IReadOnlyList<string> choices)
    {
        Name = name;
        Scale = scale;
        Min = min;
        Max = max;
        Choices = choices;
    }

    /// <summary>The name trials are read by, for example <c>LearningRate</c>.</summary>
    public string Name { get; }

    /// <summary>How values are spread over the range.</summary>
    public ParameterScale Scale { get; }

    /// <summary>The smallest value (β for <see cref="ParameterScale.OneMinusBeta"/>); 0 for a choice.</summary>
    public double Min { get; }

    /// <summary>The largest value (β for <see cref="ParameterScale.OneMinusBeta"/>); 0 for a choice.</summary>
    public double Max { get; }

    /// <summary>The allowed values of a <see cref="ParameterScale.Choice"/>; empty for numeric scales.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>Creates a numeric parameter after checking its range, naming <paramref name="field"/> in errors.</summary>
    /// <exception cref="SearchSpaceException">The name is empty, a bound is not finite, min &gt; max, a log range is not positive, or β is outside (0, 1).</exception>
    internal static SearchParameter Numeric(string name, ParameterScale scale, double min, double max, string? field = null)
    {
        field ??= name ?? string.Empty;
        CheckName(name, field);
        if (!double.IsFinite(min))
            throw new SearchSpaceException($"{field}.min", $"must be a finite number, not {Format(min)}.");
        if (!double.IsFinite(max))
            throw new SearchSpaceException($"{field}.max", $"must be a finite number, not {Format(max)}.");
        if (min > max)
            throw new SearchSpaceException($"{field}.min", $"min ({Format(min)}) is greater than max ({Format(max)}).");
        if (scale == ParameterScale.Integer && (min != Math.Floor(min) || max != Math.Floor(max) || min < int.MinValue || max > int.MaxValue))
            throw new SearchSpaceException($"{field}.{(min != Math.Floor(min) || min < int.MinValue ? "min" : "max")}", $"an integer range needs whole-number bounds that fit an int, not [{Format(min)}, {Format(max)}].");
        if (scale == ParameterScale.LogUniform && min <= 0)
            throw new SearchSpaceException($"{field}.min", $"a log scale needs a positive range; min is {Format(min)}.");
        if (scale == ParameterScale.OneMinusBeta && (min <= 0 || min >= 1))
            throw new SearchSpaceException($"{field}.min", $"β must lie strictly between 0 and 1; min is {Format(min)}.");
        if (scale == ParameterScale.OneMinusBeta && max >= 1)
            throw new SearchSpaceException($"{field}.max", $"β must lie strictly between 0 and 1; max is {Format(max)}.");
        return new SearchParameter(name, scale, min, max, []);
    }

    /// <summary>Creates a choice after checking its values, naming <paramref name="field"/> in errors.</summary>
    /// <exception cref="SearchSpaceException">The name is empty, there are no values, or a value is empty or repeated.</exception>
    internal static SearchParameter Choice(string name, IReadOnlyList<string> values, string? field = null)
    {
        field ??= name ?? string.Empty;
        CheckName(name, field);
        if (values is null || values.Count == 0)
            throw new SearchSpaceException($"{field}.values", "a choice needs at least one value.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrEmpty(values[i]))
                throw new SearchSpaceException($"{field}.values[{i}]", "a choice value must be a non-empty string.");
            if (!seen.Add(values[i]))
                throw new SearchSpaceException($"{field}.values[{i}]", $"'{values[i]}' appears more than once.");
        }
        return new SearchParameter(name, ParameterScale.Choice, 0, 0, [.. values]);
    }

    /// <summary>Draws one value: a double, an int for <see cref="ParameterScale.Integer"/>, a string for a choice.</summary>
    internal object Sample(IRandomSource random) => Scale switch
    {
        ParameterScale.Choice => Choices[(int)random.NextInterval((uint)(Choices.Count - 1))],
        ParameterScale.Integer => (int)Min + (int)random.NextInterval((uint)((long)Max - (long)Min)),
        _ => Clamp(FromCoordinate(Lerp(ToCoordinate(Min), ToCoordinate(Max), random.NextDouble()))),
    };

    /// <summary>
    /// Up to <paramref name="points"/> values evenly spaced in the sampling coordinate, both ends included
    /// (the midpoint when 1); every value of a choice; distinct rounded values of an integer range.
    /// </summary>
    internal IReadOnlyList<object> Grid(int points)
    {
        if (Scale == ParameterScale.Choice)
            return [.. Choices];
        double lo = ToCoordinate(Min), hi = ToCoordinate(Max);
        var values = new List<object>(points);
        for (int i = 0; i < points; i++)
        {
            double t = points == 1 ? 0.5 : (double)i / (points - 1);
            double x = Clamp(FromCoordinate(Lerp(lo, hi, t)));
            object value = Scale == ParameterScale.Integer ? (object)(int)Math.Round(x) : x;
            if (!values.Contains(value))
                values.Add(value);
        }
        return values;
    }

    /// <summary>
    /// This parameter's range shrunk around <paramref name="best"/>: for numeric scales the min … max of
    /// the best values in the sampling coordinate, widened on each side by <paramref name="margin"/> times
    /// the current width (so a single best value still leaves room) and clipped to the current range;
    /// for a choice, the values that appear among the best, in their original order.
    /// </summary>
    internal SearchParameter Narrow(IReadOnlyList<object> best, double margin)
    {
        if (best.Count == 0)
            return this;
        if (Scale == ParameterScale.Choice)
            return new SearchParameter(Name, Scale, 0, 0, [.. Choices.Where(c => best.Any(b => c.Equals(b)))]);

        double lo = ToCoordinate(Min), hi = ToCoordinate(Max);
        var coordinates = best.Select(b => ToCoordinate(Convert.ToDouble(b, CultureInfo.InvariantCulture))).ToArray();
        double width = Math.Abs(hi - lo) * margin;
        double a = coordinates.Min() - width, b = coordinates.Max() + width;
        // The 1−β coordinate decreases as β grows, so the bounds are swapped back after mapping.
        double x1 = FromCoordinate(a), x2 = FromCoordinate(b);
        double newMin = Math.Clamp(Math.Min(x1, x2), Min, Max), newMax = Math.Clamp(Math.Max(x1, x2), Min, Max);
        if (Scale == ParameterScale.Integer)
        {
            newMin = Math.Max(Min, Math.Floor(newMin));
            newMax = Math.Min(Max, Math.Ceiling(newMax));
        }
        return new SearchParameter(Name, Scale, newMin, newMax, []);
    }

    /// <inheritdoc/>
    public override string ToString() => Scale == ParameterScale.Choice
        ? $"{Name}: choice({string.Join(", ", Choices)})"
        : $"{Name}: {Scale}[{Format(Min)}, {Format(Max)}]";

    private double ToCoordinate(double x) => Scale switch
    {
        ParameterScale.LogUniform => Math.Log10(x),
        ParameterScale.OneMinusBeta => Math.Log10(1 - x),
        _ => x,
    };

    private double FromCoordinate(double u) => Scale switch
    {
        ParameterScale.LogUniform => Math.Pow(10, u),
        ParameterScale.OneMinusBeta => 1 - Math.Pow(10, u),
        _ => u,
    };

    // Round-trips through log and pow can land an ulp outside the declared range; values never leave it.
    private double Clamp(double x) => Math.Clamp(x, Min, Max);

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;

    private static void CheckName([System.Diagnostics.CodeAnalysis.NotNull] string? name, string field)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new SearchSpaceException(field.Length == 0 ? "name" : $"{field}.name", "a parameter needs a non-empty name.");
    }

    internal static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
