using Backprop.Cli.Rendering;
using Backprop.Metrics;
using Backprop.Serialization;

namespace Backprop.Cli.Charts;

/// <summary>
/// The learning curve: training cost per epoch (raw and smoothed by an exponentially weighted average) and dev
/// cost; for a resumed run, the whole run with a dashed line where this run took over.
/// </summary>
internal static class CostChart
{
    public static void Save(HistoryRecorder history, string path)
    {
        var plot = new ScottPlot.Plot();
        double[] epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        double[] costs = history.Epochs.Select(e => e.Cost).ToArray();
        var raw = plot.Add.ScatterLine(epochs, costs);
        raw.LegendText = "train cost";
        raw.LineWidth = 1;
        var smooth = plot.Add.ScatterLine(epochs, ExponentiallyWeightedAverage.Smooth(costs, 0.9));
        smooth.LegendText = "train cost (EWA, β = 0.9)";
        smooth.LineWidth = 2;
        if (history.Epochs.All(e => e.DevCost is not null))
        {
            var dev = plot.Add.ScatterLine(epochs, history.Epochs.Select(e => e.DevCost!.Value).ToArray());
            dev.LegendText = "dev cost";
            dev.LineWidth = 2;
        }
        if (history.ResumedAt > 0)
        {
            var resumed = plot.Add.VerticalLine(history.ResumedAt);
            resumed.LinePattern = ScottPlot.LinePattern.Dashed;
            resumed.Color = ScottPlot.Colors.Gray;
            resumed.LegendText = $"resumed at epoch {history.ResumedAt}";
        }
        plot.Title("Cost per epoch");
        plot.XLabel("epoch");
        plot.YLabel("cost J");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png));
    }
}
