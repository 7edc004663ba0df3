using System.Numerics;

namespace Backprop.Data.Formats;

/// <summary>
/// Finds and loads Fashion-MNIST: 60000 training and 10000 test images of 28 × 28 grey pixels in ten classes
/// of clothing, stored as four IDX files (plain or gzip-compressed). Nothing is downloaded here;
/// <see cref="FashionMnistDownload"/> fetches the files into a cache folder that <see cref="Locate"/> looks in.
/// </summary>
/// <remarks>
/// Each loader is <see cref="IdxDataset.Read{T}(string, string, IReadOnlyList{string}, bool)"/>, so X is
/// [784, m] with pixels scaled to [0, 1] and Y is one-hot [10, m] (or a [1, m] row of class indices).
/// </remarks>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The environment variable that may name a folder holding the files.</summary>
    public const string EnvironmentVariable = "BACKPROP_FASHION_MNIST";

    /// <summary>The training images, without the optional <c>.gz</c>.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte";

    /// <summary>The training labels, without the optional <c>.gz</c>.</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte";

    /// <summary>The test images, without the optional <c>.gz</c>.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte";

    /// <summary>The test labels, without the optional <c>.gz</c>.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    /// <summary>The class names, indexed by label value.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// The first folder that holds all four files, each plain or with <c>.gz</c>: <paramref name="folder"/>,
    /// then the folder named by <see cref="EnvironmentVariable"/>, then <see cref="DebianFolder"/>, then
    /// <see cref="FashionMnistDownload.DefaultCacheFolder"/>.
    /// </summary>
    /// <param name="folder">A folder to try first, or null.</param>
    /// <returns>The folder, or null when none of them holds the files.</returns>
    public static string? Locate(string? folder = null)
    {
        foreach (string? candidate in new[] { folder, Environment.GetEnvironmentVariable(EnvironmentVariable), DebianFolder, FashionMnistDownload.DefaultCacheFolder })
        {
            if (!string.IsNullOrWhiteSpace(candidate) && HoldsAllFiles(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>The 60000 training examples, 6000 per class.</summary>
    /// <typeparam name="T">The element type of X and Y.</typeparam>
    /// <param name="folder">The folder that holds the training files (see <see cref="Locate"/>).</param>
    /// <param name="oneHot">True for Y [10, m] one-hot; false for Y [1, m] holding the class indices.</param>
    /// <exception cref="FileNotFoundException">A file is not in <paramref name="folder"/>, plain or compressed.</exception>
    /// <exception cref="InvalidDataException">A file is damaged or not laid out as Fashion-MNIST's.</exception>
    /// <example><code>var train = FashionMnist.LoadTrain&lt;float&gt;(FashionMnist.Locate() ?? throw new DirectoryNotFoundException());</code></example>
    public static Dataset<T> LoadTrain<T>(string folder, bool oneHot = true) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load<T>(folder, TrainImagesFile, TrainLabelsFile, oneHot);

    /// <summary>The 10000 test examples, 1000 per class.</summary>
    /// <typeparam name="T">The element type of X and Y.</typeparam>
    /// <param name="folder">The folder that holds the test files (see <see cref="Locate"/>).</param>
    /// <param name="oneHot">True for Y [10, m] one-hot; false for Y [1, m] holding the class indices.</param>
    /// <exception cref="FileNotFoundException">A file is not in <paramref name="folder"/>, plain or compressed.</exception>
    /// <exception cref="InvalidDataException">A file is damaged or not laid out as Fashion-MNIST's.</exception>
    public static Dataset<T> LoadTest<T>(string folder, bool oneHot = true) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load<T>(folder, TestImagesFile, TestLabelsFile, oneHot);

    private static Dataset<T> Load<T>(string folder, string imagesFile, string labelsFile, bool oneHot)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return IdxDataset.Read<T>(Find(folder, imagesFile), Find(folder, labelsFile), ClassNames, oneHot);
    }

    private static bool HoldsAllFiles(string folder) =>
        FindOrNull(folder, TrainImagesFile) is not null && FindOrNull(folder, TrainLabelsFile) is not null
        && FindOrNull(folder, TestImagesFile) is not null && FindOrNull(folder, TestLabelsFile) is not null;

    private static string Find(string folder, string fileName) =>
        FindOrNull(folder, fileName)
        ?? throw new FileNotFoundException($"Fashion-MNIST file '{fileName}' (or '{fileName}.gz') was not found in '{folder}'.", Path.Combine(folder, fileName + ".gz"));

    /// <summary>The plain file if present, else the compressed one, else null.</summary>
    private static string? FindOrNull(string folder, string fileName)
    {
        string plain = Path.Combine(folder, fileName);
        if (File.Exists(plain))
            return plain;
        string compressed = plain + ".gz";
        return File.Exists(compressed) ? compressed : null;
    }
}
