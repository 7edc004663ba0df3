using Backprop.Cli.Rendering;
using Backprop.Serialization;

namespace Backprop.Cli.Charts;

/// <summary>Per-epoch line charts other than the cost: the learning rate and the dev accuracy.</summary>
internal static class EpochCharts
{
    /// <summary>The learning rate each epoch used (shows decay schedules).</summary>
    public static void SaveLearningRate(HistoryRecorder history, string path)
    {
        var plot = new ScottPlot.Plot();
        plot.Add.ScatterLine(history.Epochs.Select(e => (double)e.Epoch).ToArray(), history.Epochs.Select(e => e.LearningRate).ToArray());
        plot.Title("Learning rate per epoch");
        plot.XLabel("epoch");
        plot.YLabel("α");
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(800, 400, ScottPlot.ImageFormat.Png));
    }

    /// <summary>The dev-set accuracy after each epoch; false (nothing written) when there is none.</summary>
    public static bool SaveDevAccuracy(HistoryRecorder history, string path)
    {
        if (history.Epochs.Count == 0 || history.Epochs.Any(e => e.DevAccuracy is null))
            return false;
        var plot = new ScottPlot.Plot();
        var line = plot.Add.ScatterLine(history.Epochs.Select(e => (double)e.Epoch).ToArray(), history.Epochs.Select(e => e.DevAccuracy!.Value).ToArray());
        line.LegendText = "dev accuracy";
        plot.Title("Dev accuracy per epoch");
        plot.XLabel("epoch");
        plot.YLabel("accuracy");
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(800, 400, ScottPlot.ImageFormat.Png));
        return true;
    }
}
