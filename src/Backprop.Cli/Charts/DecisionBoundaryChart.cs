using Backprop.Data;
using Backprop.Layers;
using Backprop.Serialization;
using Backprop.Tensors;

namespace Backprop.Cli.Charts;

/// <summary>
/// The course's decision-boundary figure for 2-D data: the predicted class over a grid as a heat map,
/// with the training points on top (class 0 red, class 1 blue, as in the notebooks).
/// </summary>
internal static class DecisionBoundaryChart
{
    private const int Resolution = 200;

    public static void Save(Network<float> network, Dataset<float> data, string path)
    {
        if (data.Features != 2)
            throw new ArgumentException($"A decision boundary needs 2-D inputs; the data has {data.Features} features.", nameof(data));
        var xs = data.X.Row(0).ToArray();
        var ys = data.X.Row(1).ToArray();
        double xMin = xs.Min() - 1, xMax = xs.Max() + 1, yMin = ys.Min() - 1, yMax = ys.Max() + 1;

        // One forward pass over every grid point, as one batch.
        var grid = new Matrix<float>(2, Resolution * Resolution);
        for (int r = 0; r < Resolution; r++)
            for (int c = 0; c < Resolution; c++)
            {
                grid[0, r * Resolution + c] = (float)(xMin + (xMax - xMin) * c / (Resolution - 1));
                grid[1, r * Resolution + c] = (float)(yMax - (yMax - yMin) * r / (Resolution - 1));
            }
        var probabilities = network.Forward(grid);
        var intensity = new double[Resolution, Resolution];
        for (int r = 0; r < Resolution; r++)
            for (int c = 0; c < Resolution; c++)
                intensity[r, c] = probabilities[0, r * Resolution + c] > 0.5f ? 1 : 0;

        var plot = new ScottPlot.Plot();
        var heatmap = plot.Add.Heatmap(intensity);
        heatmap.Colormap = new ScottPlot.Colormaps.Custom(new[] { ScottPlot.Color.FromHex("#F4B6B6"), ScottPlot.Color.FromHex("#B6C8F4") });
        heatmap.Extent = new ScottPlot.CoordinateRect(xMin, xMax, yMin, yMax);
        for (int label = 0; label <= 1; label++)
        {
            var px = new List<double>();
            var py = new List<double>();
            for (int j = 0; j < data.Count; j++)
                if (data.Y[0, j] == label) { px.Add(xs[j]); py.Add(ys[j]); }
            var points = plot.Add.ScatterPoints(px.ToArray(), py.ToArray());
            points.Color = label == 0 ? ScottPlot.Color.FromHex("#D62728") : ScottPlot.Color.FromHex("#1F4FD6");
            points.MarkerSize = 5;
            points.LegendText = data.ClassNames.Count > label ? data.ClassNames[label] : $"class {label}";
        }
        plot.Title("Decision boundary");
        plot.XLabel("x1");
        plot.YLabel("x2");
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(700, 600, ScottPlot.ImageFormat.Png));
    }
}
