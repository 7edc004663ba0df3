using System.Globalization;
using Backprop.Data;
using Backprop.Data.Augmentation;
using Backprop.Data.Formats;
using Backprop.Serialization;
using Backprop.Tensors;

namespace Backprop.Cli.Inputs;

/// <summary>The file formats a <c>--data</c> path can be in.</summary>
internal enum DataFormat
{
    Csv,
    Hdf5,
    Idx,
    Npy,
    Npz,
    ImageFolder,
}

/// <summary>Data read from a <c>--data</c> path: the examples, and the shape of one image when the inputs are images.</summary>
/// <param name="Data">X [n, m] and Y (labels as a [1, m] row of class indices or values; [0, m] when read without labels).</param>
/// <param name="Image">The image shape of one column of X, or null when the inputs are not images.</param>
/// <param name="Format">The format the path was read as.</param>
/// <param name="Files">For an image folder, each example's file relative to the folder ('/' between names), in column order; else null.</param>
internal sealed record LoadedData(Dataset<float> Data, ImageShape? Image, DataFormat Format, IReadOnlyList<string>? Files = null);

/// <summary>
/// The one place the CLI turns a <c>--data</c> path and the format flags into a data set: the format comes from
/// the path (a folder is an image folder; <c>.h5</c>/<c>.hdf5</c> HDF5; <c>.npy</c>, <c>.npz</c>; IDX for
/// <c>.idx</c> or other names with <c>-ubyte</c>/<c>idx</c>, optionally <c>.gz</c>; anything else, <c>.csv</c> included, CSV), and flags that
/// do not apply to it are errors rather than silently ignored.
/// </summary>
internal static class DataLoading
{
    /// <summary>Model properties that record the image shape a model was trained on.</summary>
    public const string ImageHeightProperty = "image_height", ImageWidthProperty = "image_width", ImageChannelsProperty = "image_channels";

    /// <summary>The image size of image folders when neither --image-size nor a model gives one.</summary>
    private const int DefaultImageSide = 64;

    public static DataFormat Detect(string path)
    {
        if (Directory.Exists(path))
            return DataFormat.ImageFolder;
        string name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal))
            name = name[..^3];
        return Path.GetExtension(name) switch
        {
            ".h5" or ".hdf5" or ".he5" => DataFormat.Hdf5,
            ".npy" => DataFormat.Npy,
            ".npz" => DataFormat.Npz,
            ".idx" => DataFormat.Idx,
            ".csv" or ".tsv" or ".txt" => DataFormat.Csv,
            _ when name.Contains("-ubyte", StringComparison.Ordinal) || name.Contains("idx", StringComparison.Ordinal) => DataFormat.Idx,
            _ => DataFormat.Csv,
        };
    }

    /// <summary>Reads labelled data; with a model, its input size and class names guide the reading and the labels are mapped to its classes.</summary>
    public static LoadedData Load(string path, string? target, DataOptions options, LoadedModel<float>? model = null)
    {
        var loaded = Read(path, target, options, model, labels: true);
        if (model is null)
            return loaded;
        return loaded with { Data = AlignClasses(loaded.Data, model.ClassNames, path) };
    }

    /// <summary>Reads the inputs only (labels named by the flags are read and set aside); Y is empty.</summary>
    public static LoadedData LoadInputs(string path, string? target, DataOptions options, LoadedModel<float>? model = null)
        => Read(path, target, options, model, labels: false);

    /// <summary>
    /// Maps a [1, m] row of class indices from <paramref name="data"/>'s class names to <paramref name="classNames"/>
    /// (e.g. a dev folder that lacks a class numbers the others differently); unchanged when either list is empty.
    /// </summary>
    public static Dataset<float> AlignClasses(Dataset<float> data, IReadOnlyList<string> classNames, string path)
    {
        if (data.ClassNames.Count == 0 || classNames.Count == 0 || data.Y.Rows != 1 || data.ClassNames.SequenceEqual(classNames))
            return data;
        string[] unknown = [.. data.ClassNames.Where(name => !classNames.Contains(name))];
        if (unknown.Length > 0)
            throw new InvalidDataException($"'{path}' has classes the model does not know: {string.Join(", ", unknown)} (it knows {string.Join(", ", classNames)}).");
        int[] map = [.. data.ClassNames.Select(name => classNames.ToList().IndexOf(name))];
        var y = new Matrix<float>(1, data.Count);
        for (int j = 0; j < data.Count; j++)
            y[0, j] = map[(int)data.Y[0, j]];
        return new Dataset<float>(data.X, y, classNames);
    }

    /// <summary>
    /// Adds to a model's <paramref name="properties"/> what the data were: the CSV target column, or the image
    /// shape (so evaluate, predict and errors can read image folders at the trained size).
    /// </summary>
    public static Dictionary<string, string> Describe(LoadedData data, string? target, Dictionary<string, string> properties)
    {
        if (target is not null)
            properties["target"] = target;
        if (data.Image is { } image)
        {
            properties[ImageHeightProperty] = image.Height.ToString(CultureInfo.InvariantCulture);
            properties[ImageWidthProperty] = image.Width.ToString(CultureInfo.InvariantCulture);
            properties[ImageChannelsProperty] = image.Channels.ToString(CultureInfo.InvariantCulture);
        }
        return properties;
    }

    /// <summary>The image shape a model was trained on, from its properties; null when it has none.</summary>
    public static ImageShape? ImageShapeOf(ModelMetadata metadata)
    {
        var p = metadata.Properties;
        return p.TryGetValue(ImageHeightProperty, out string? h) && p.TryGetValue(ImageWidthProperty, out string? w) && p.TryGetValue(ImageChannelsProperty, out string? c)
            && int.TryParse(h, CultureInfo.InvariantCulture, out int height) && int.TryParse(w, CultureInfo.InvariantCulture, out int width)
            && int.TryParse(c, CultureInfo.InvariantCulture, out int channels) && height > 0 && width > 0 && channels > 0
            ? new ImageShape(height, width, channels)
            : null;
    }

    private static LoadedData Read(string path, string? target, DataOptions o, LoadedModel<float>? model, bool labels)
    {
        var format = Detect(path);
        CheckFlags(format, path, target, o, labels);
        var loaded = format switch
        {
            DataFormat.Csv => ReadCsv(path, target, model, labels),
            DataFormat.Hdf5 => ReadHdf5(path, o, labels),
            DataFormat.Idx => ReadIdx(path, o),
            DataFormat.Npy => ReadNpy(NpyFile.Read(path), o.Labels is null ? null : NpyFile.Read(o.Labels), model),
            DataFormat.Npz => ReadNpz(path, o, model),
            _ => ReadFolder(path, FolderShape(o, model), labels),
        };
        if (model is not null && loaded.Data.Features != model.Network.InputSize)
            throw new InvalidDataException($"'{path}' has {loaded.Data.Features} input features{(loaded.Image is null ? "" : $" (images of {loaded.Image})")}; the model takes {model.Network.InputSize}.");
        return loaded;
    }

    /// <summary>With labels, a folder of class sub-folders; without, also a folder of images alone (the images to predict).</summary>
    private static LoadedData ReadFolder(string path, ImageShape shape, bool labels)
    {
        var data = labels ? ImageFolder.Read<float>(path, shape) : InputsOnly(ImageFolder.ReadImages<float>(path, shape));
        return new LoadedData(data, shape, DataFormat.ImageFolder, ImageFolder.Files(path));
    }

    private static Dataset<float> InputsOnly(Matrix<float> x) => new(x, new Matrix<float>(0, x.Columns));

    /// <summary>Flags that belong to another format, and missing flags this one needs, are errors.</summary>
    private static void CheckFlags(DataFormat format, string path, string? target, DataOptions o, bool labels)
    {
        string kind = format switch
        {
            DataFormat.Csv => "CSV", DataFormat.Hdf5 => "HDF5", DataFormat.Idx => "IDX", DataFormat.Npy => ".npy",
            DataFormat.Npz => ".npz", _ => "an image folder",
        };
        void NotFor(string flag, string forWhat)
            => throw new ArgumentException($"{flag} applies to {forWhat}; '{path}' is read as {kind}.");
        void Needs(string flag, string what)
            => throw new ArgumentException($"'{path}' is read as {kind} and needs {flag} {what}.");

        bool keys = format is DataFormat.Hdf5 or DataFormat.Npz, labelFile = format is DataFormat.Idx or DataFormat.Npy;
        if (target is not null && format != DataFormat.Csv) NotFor("--target", "CSV data (a column name)");
        if (o.XKey is not null && !keys) NotFor("--x-key", "HDF5 and .npz data");
        if (o.YKey is not null && !keys) NotFor("--y-key", "HDF5 and .npz data");
        if (o.Labels is not null && !labelFile) NotFor("--labels", "IDX and .npy data");
        if (o.ImageSize is not null && format != DataFormat.ImageFolder) NotFor("--image-size", "image folders");
        if (o.Grayscale && format != DataFormat.ImageFolder) NotFor("--grayscale", "image folders");
        if (format == DataFormat.Csv && labels && target is null) Needs("--target", "naming the label column");
        if (keys && o.XKey is null) Needs("--x-key", "naming the inputs dataset");
        if (keys && labels && o.YKey is null) Needs("--y-key", "naming the labels dataset");
        if (labelFile && labels && o.Labels is null) Needs("--labels", "naming the labels file");
    }

    private static LoadedData ReadCsv(string path, string? target, LoadedModel<float>? model, bool labels)
    {
        Dataset<float> data = target is not null ? CsvFile.ReadDataset<float>(path, target) : CsvInputs(path);
        if (!labels)
            data = InputsOnly(data.X);
        // A CSV of pixels is images only if the model says so.
        ImageShape? image = model is null ? null : ImageShapeOf(model.Metadata);
        return new LoadedData(data, image?.Length == data.Features ? image : null, DataFormat.Csv);
    }

    private static Dataset<float> CsvInputs(string path)
    {
        var table = CsvFile.Read(path);
        var x = new Matrix<float>(table.ColumnCount, table.RowCount);
        for (int j = 0; j < table.RowCount; j++)
            for (int f = 0; f < table.ColumnCount; f++)
                x[f, j] = (float)table[j, f];
        return InputsOnly(x);
    }

    private static LoadedData ReadHdf5(string path, DataOptions o, bool labels)
    {
        ImageShape image = Hdf5ImageSet.ImageShapeOf(path, o.XKey!);
        if (!labels && o.YKey is null)
        {
            return new LoadedData(InputsOnly(Hdf5ImageSet.ReadImages<float>(path, o.XKey!)), image, DataFormat.Hdf5);
        }
        // The course's files name their classes in list_classes; other files need not have it.
        string? classes = Hdf5ImageSet.HasKey(path, "list_classes") ? "list_classes" : null;
        return new LoadedData(Hdf5ImageSet.Read<float>(path, o.XKey!, o.YKey!, classes), image, DataFormat.Hdf5);
    }

    private static LoadedData ReadIdx(string path, DataOptions o)
    {
        ImageShape image = IdxDataset.ImageShapeOf(path);
        if (o.Labels is null)
        {
            return new LoadedData(InputsOnly(IdxDataset.ReadImages<float>(path)), image, DataFormat.Idx);
        }
        // IDX files carry no class names or count: the classes are "0" … the largest label.
        var labels = IdxFile.Read(o.Labels);
        int classes = 2;
        for (int j = 0; j < labels.Length; j++)
            if (labels[j] >= classes && labels[j] < int.MaxValue)
                classes = (int)labels[j] + 1;
        return new LoadedData(IdxDataset.Read<float>(path, o.Labels, classes, oneHot: false), image, DataFormat.Idx);
    }

    private static LoadedData ReadNpy(NpyArray x, NpyArray? y, LoadedModel<float>? model)
        => new(NpyDataset.FromArrays<float>(x, y, model?.Network.InputSize), NpyDataset.ImageShapeOf(x), DataFormat.Npy);

    private static LoadedData ReadNpz(string path, DataOptions o, LoadedModel<float>? model)
    {
        var arrays = NpyFile.ReadArchive(path);
        NpyArray Member(string key) => arrays.TryGetValue(key, out var array)
            ? array
            : throw new KeyNotFoundException($"'{path}' has no array '{key}'; it holds {(arrays.Count == 0 ? "none" : string.Join(", ", arrays.Keys.Select(k => $"'{k}'")))}.");
        var loaded = ReadNpy(Member(o.XKey!), o.YKey is null ? null : Member(o.YKey), model);
        return loaded with { Format = DataFormat.Npz };
    }

    /// <summary>--image-size and --grayscale, else the model's image shape (or the square that fits its inputs), else 64×64 RGB.</summary>
    private static ImageShape FolderShape(DataOptions o, LoadedModel<float>? model)
    {
        ImageShape? trained = model is null ? null : ImageShapeOf(model.Metadata);
        int channels = o.Grayscale ? 1 : trained?.Channels ?? 3;
        if (o.ImageSize is not null)
            return ParseSize(o.ImageSize, channels);
        if (trained is not null && trained.Channels == channels)
            return trained;
        if (model is not null)
        {
            int inputs = model.Network.InputSize;
            int side = (int)Math.Round(Math.Sqrt(inputs / (double)channels));
            if (side * side * channels != inputs)
                throw new ArgumentException($"The model takes {inputs} inputs, which is no square {(channels == 1 ? "grey" : "RGB")} image: give --image-size WIDTHxHEIGHT{(channels == 3 ? " (and --grayscale for grey images)" : "")}.");
            return new ImageShape(side, side, channels);
        }
        return new ImageShape(DefaultImageSide, DefaultImageSide, channels);
    }

    private static ImageShape ParseSize(string text, int channels)
    {
        string[] parts = text.ToLowerInvariant().Split('x', '×');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height) && width is >= 1 and <= 4096 && height is >= 1 and <= 4096)
            return new ImageShape(height, width, channels);
        throw new ArgumentException($"--image-size expects WIDTHxHEIGHT with sides from 1 to 4096, such as 64x64; got '{text}'.");
    }
}
