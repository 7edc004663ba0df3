using System.Globalization;
using Backprop.Serialization;
using Backprop.Tuning;
using ScottPlot;
using Backprop.Metrics;

namespace Backprop.Cli.Charts;

/// <summary>
/// Score against each hyperparameter, one scatter chart per parameter, on the parameter's own scale: a
/// log₁₀ axis for log-uniform parameters (the learning rate), an axis of 1 − β on a log₁₀ scale for β
/// parameters (so 0.9, 0.99 and 0.999 are evenly spaced, as they were sampled), categories for choices.
/// The best trial is highlighted.
/// </summary>
internal static class TuningCharts
{
    private static readonly Color[] RoundColors = [Colors.SteelBlue, Colors.DarkOrange, Colors.SeaGreen, Colors.MediumPurple, Colors.SaddleBrown];

    /// <summary>Writes <c>score-vs-NAME.png</c> per parameter into <paramref name="folder"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Save(TuningResult result, SearchSpace space, string metric, string folder)
    {
        var written = new List<string>();
        var scored = result.Results.Where(r => r.Status == TrialStatus.Completed && double.IsFinite(r.Score)).ToArray();
        foreach (var parameter in space.Parameters)
        {
            var points = scored.Where(r => r.Trial.Values.ContainsKey(parameter.Name)).ToArray();
            var plot = new Plot();
            var categories = parameter.Scale == ParameterScale.Choice ? Categories(parameter, points) : [];
            double X(TrialResult r) => Coordinate(parameter, r.Trial.Values[parameter.Name], categories);
            // One colour per coarse-to-fine round, so the narrowing shows.
            var rounds = points.GroupBy(r => r.Trial.Round).OrderBy(g => g.Key).ToArray();
            foreach (var round in rounds)
            {
                var color = RoundColors[round.Key % RoundColors.Length].WithAlpha(0.75);
                var trials = plot.Add.Markers(round.Select(X).ToArray(), round.Select(r => r.Score).ToArray(), MarkerShape.FilledCircle, 7, color);
                trials.LegendText = rounds.Length == 1 ? $"trials ({round.Count()})" : $"round {round.Key + 1} ({round.Count()} trials)";
            }
            if (result.Best is { } best && best.Trial.Values.ContainsKey(parameter.Name))
            {
                var marker = plot.Add.Marker(X(best), best.Score, MarkerShape.OpenCircle, 18, Colors.Red);
                marker.MarkerLineWidth = 3;
                marker.LegendText = $"best: trial {best.Trial.Id}, {parameter.Name} = {Format(best.Trial.Values[parameter.Name])}, {metric} = {Format(best.Score)}";
            }
            plot.Axes.Bottom.TickGenerator = Ticks(parameter, points.Select(X).ToArray(), categories);
            plot.Title($"{metric} vs {parameter.Name}");
            plot.XLabel(AxisLabel(parameter));
            plot.YLabel($"{metric} ({(result.Goal == Goal.Maximize ? "higher" : "lower")} is better)");
            // Below the chart, so the legend never hides a trial.
            plot.ShowLegend(Edge.Bottom);
            if (categories.Count > 0)
                plot.Axes.SetLimitsX(-0.5, categories.Count - 0.5);
            else
                plot.Axes.Margins(horizontal: 0.08, vertical: 0.1); // room for the end ticks' labels
            string path = Path.Combine(folder, $"score-vs-{parameter.Name}.png");
            AtomicFile.WriteAllBytes(path, plot.GetImageBytes(800, 540, ScottPlot.ImageFormat.Png));
            written.Add(path);
        }
        return written;
    }

    /// <summary>Where a value sits on the chart's x axis: log₁₀ x, log₁₀(1 − β), a category's index, or x.</summary>
    internal static double Coordinate(SearchParameter parameter, object value, IReadOnlyList<string> categories) => parameter.Scale switch
    {
        ParameterScale.Choice => Math.Max(0, IndexOf(categories, Convert.ToString(value, CultureInfo.InvariantCulture)!)),
        ParameterScale.LogUniform => Math.Log10(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        ParameterScale.OneMinusBeta => Math.Log10(1 - Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++)
            if (list[i] == value)
                return i;
        return -1;
    }

    // The choices of the space, then any value seen in the log that the space no longer lists (narrowed rounds).
    private static List<string> Categories(SearchParameter parameter, IEnumerable<TrialResult> points)
    {
        var categories = parameter.Choices.ToList();
        foreach (var r in points)
            if (Convert.ToString(r.Trial.Values[parameter.Name], CultureInfo.InvariantCulture) is { } text && !categories.Contains(text))
                categories.Add(text);
        return categories;
    }

    private static string AxisLabel(SearchParameter parameter) => parameter.Scale switch
    {
        ParameterScale.LogUniform => $"{parameter.Name} (log scale)",
        ParameterScale.OneMinusBeta => $"1 − {parameter.Name} (log scale; β = 1 − x)",
        _ => parameter.Name,
    };

    private static ScottPlot.ITickGenerator Ticks(SearchParameter parameter, double[] xs, IReadOnlyList<string> categories)
    {
        if (parameter.Scale == ParameterScale.Choice)
            return new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, categories.Count).Select(i => (double)i)], [.. categories]);
        if (parameter.Scale is not (ParameterScale.LogUniform or ParameterScale.OneMinusBeta))
            return new ScottPlot.TickGenerators.NumericAutomatic();

        // Decades as major ticks (labelled with the value itself, not its logarithm), 2…9 × each as minor ticks;
        // when the points span less than a decade, every multiple is labelled too so the axis is never bare.
        double low = xs.Length == 0 ? Math.Log10(OnAxis(parameter, parameter.Min)) : xs.Min();
        double high = xs.Length == 0 ? Math.Log10(OnAxis(parameter, parameter.Max)) : xs.Max();
        (low, high) = (Math.Min(low, high), Math.Max(low, high));
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int e = (int)Math.Floor(low) - 1; e <= (int)Math.Ceiling(high); e++)
        {
            ticks.AddMajor(e, Label(parameter, Math.Pow(10, e)));
            for (int k = 2; k <= 9; k++)
            {
                double position = e + Math.Log10(k);
                if (high - low < 1)
                    ticks.AddMajor(position, Label(parameter, k * Math.Pow(10, e)));
                else
                    ticks.AddMinor(position);
            }
        }
        return ticks;
    }

    private static string Format(object value) => value is double d ? d.ToString("G4", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    // A β range is plotted as 1 − β.
    private static double OnAxis(SearchParameter parameter, double value) => parameter.Scale == ParameterScale.OneMinusBeta ? 1 - value : value;

    private static string Label(SearchParameter parameter, double x)
    {
        string text = x >= 1e-4 ? x.ToString("0.#####", CultureInfo.InvariantCulture) : x.ToString("0e0", CultureInfo.InvariantCulture);
        return parameter.Scale == ParameterScale.OneMinusBeta ? $"{text}\nβ {(1 - x).ToString("0.#####", CultureInfo.InvariantCulture)}" : text;
    }
}
