using System.Globalization;
using Backprop.Data;
using Backprop.Data.Augmentation;
using Backprop.Diagnostics;
using Backprop.Layers;

namespace Backprop.Cli.Charts;

/// <summary>The misclassified examples of a labelled set: which they are, and the grid of their images with true and predicted labels.</summary>
internal static class MisclassifiedGrid
{
    /// <summary>Predicted class, true class and probability of the prediction of each example of <paramref name="prepared"/> (labels in the network's form).</summary>
    public static (int[] Predicted, int[] Actual, double[] Probability) Classify(Network<float> network, Dataset<float> prepared)
        => ErrorAnalysis.Classify(network.Forward(prepared.X), prepared.Y);

    /// <summary>A class's name, or its index when the data have no names.</summary>
    public static string Name(IReadOnlyList<string> classNames, int k) => k < classNames.Count ? classNames[k] : k.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes the grid of the examples the network gets wrong: <paramref name="raw"/> holds the images as read
    /// (before normalization), <paramref name="prepared"/> the same examples as the network takes them.
    /// </summary>
    /// <returns>The number of misclassified examples.</returns>
    public static int Save(Network<float> network, Dataset<float> raw, Dataset<float> prepared, ImageShape shape, IReadOnlyList<string> classNames, string setName, string path)
    {
        var (predicted, actual, probability) = Classify(network, prepared);
        var tiles = new List<ImageTile>();
        for (int j = 0; j < predicted.Length; j++)
            if (predicted[j] != actual[j])
                tiles.Add(Tile(j, actual[j], predicted[j], probability[j], classNames));
        SaveGrid(raw, shape, tiles, predicted.Length, setName, path);
        return tiles.Count;
    }

    /// <summary>The tile of example <paramref name="index"/>: its index and true label, then the predicted label and probability.</summary>
    public static ImageTile Tile(int index, int actual, int predicted, double probability, IReadOnlyList<string> classNames) =>
        new(index, [
            string.Create(CultureInfo.InvariantCulture, $"#{index} true: {Name(classNames, actual)}"),
            string.Create(CultureInfo.InvariantCulture, $"pred: {Name(classNames, predicted)} {probability:0.00}"),
        ]);

    /// <summary>Writes the grid of <paramref name="tiles"/> with a title that counts them against the set's size.</summary>
    public static void SaveGrid(Dataset<float> raw, ImageShape shape, IReadOnlyList<ImageTile> tiles, int total, string setName, string path)
    {
        string shown = tiles.Count > ImageGrid.MaxTiles ? $", first {ImageGrid.MaxTiles} shown" : "";
        string title = string.Create(CultureInfo.InvariantCulture, $"Misclassified {setName} examples: {tiles.Count} of {total}{shown}");
        ImageGrid.SaveGrid(raw.X, shape, tiles, title, path);
    }
}
