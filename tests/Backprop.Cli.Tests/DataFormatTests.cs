using System.Text.Json;

namespace Backprop.Cli.Tests;

/// <summary>train → evaluate → predict on the same small image set in every format, and the one-line errors of each.</summary>
public sealed class DataFormatTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Trains on <paramref name="data"/>, evaluates on it, predicts from <paramref name="inputs"/>, and returns the predicted class names.</summary>
    private async Task<string[]> TrainEvaluatePredict(string[] data, string[] inputs, string[]? evaluate = null)
    {
        string model = _files.PathOf($"{Guid.NewGuid():N}.bpmodel");
        var (exit, output, error) = await Cli.Run(["train", .. data, "--layers", "4", "--epochs", "30", "--lr", "0.05", "--batch-size", "8", "--out", model, "--json"]);
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Equal("binary", json.RootElement.GetProperty("task").GetString());
            Assert.Equal(1.0, json.RootElement.GetProperty("train_accuracy").GetDouble());
        }

        (exit, output, error) = await Cli.Run(["evaluate", "--model", model, .. evaluate ?? data, "--json"]);
        Assert.True(exit == 0, error);
        using (var json = JsonDocument.Parse(output))
            Assert.Equal(1.0, json.RootElement.GetProperty("test_accuracy").GetDouble());

        string predictions = _files.PathOf($"{Guid.NewGuid():N}.csv");
        (exit, _, error) = await Cli.Run(["predict", "--model", model, .. inputs, "--out", predictions]);
        Assert.True(exit == 0, error);
        string[] lines = await File.ReadAllLinesAsync(predictions);
        Assert.Equal(_files.Count + 1, lines.Length);
        int column = Array.IndexOf(lines[0].Split(','), "class");
        return [.. lines.Skip(1).Select(line => line.Split(',')[column])];
    }

    private string[] LabelNames(string zero, string one) => [.. _files.Labels.Select(b => b == 1 ? one : zero)];

    [Fact]
    public async Task Hdf5_with_keys_and_class_names()
    {
        string h5 = _files.WriteHdf5();
        string[] predicted = await TrainEvaluatePredict(["--data", h5, "--x-key", "x", "--y-key", "y"], ["--data", h5, "--x-key", "x"]);
        Assert.Equal(LabelNames("dark", "bright"), predicted);
    }

    [Fact]
    public async Task Idx_images_with_a_gzipped_labels_file()
    {
        var (images, labels) = _files.WriteIdx();
        string[] predicted = await TrainEvaluatePredict(["--data", images, "--labels", labels], ["--data", images]);
        Assert.Equal(LabelNames("0", "1"), predicted);
    }

    [Fact]
    public async Task Npy_images_with_an_npy_labels_file()
    {
        var (x, y) = _files.WriteNpy();
        string[] predicted = await TrainEvaluatePredict(["--data", x, "--labels", y], ["--data", x]);
        Assert.Equal(LabelNames("0", "1"), predicted);
    }

    [Fact]
    public async Task Npz_archive_with_array_names()
    {
        string npz = _files.WriteNpz();
        string[] predicted = await TrainEvaluatePredict(["--data", npz, "--x-key", "features", "--y-key", "labels"], ["--data", npz, "--x-key", "features"]);
        Assert.Equal(LabelNames("0", "1"), predicted);
    }

    [Fact]
    public async Task Image_folder_sized_by_flags_then_by_the_model()
    {
        string folder = _files.WriteImageFolder();
        // evaluate and predict give no --image-size or --grayscale: the model recorded 4×4×1.
        string[] predicted = await TrainEvaluatePredict(["--data", folder, "--image-size", "4x4", "--grayscale"], ["--data", folder], ["--data", folder]);
        // Classes sorted: bright (0), dark (1); examples in class order, so the 20 bright images come first.
        Assert.Equal([.. Enumerable.Repeat("bright", 20), .. Enumerable.Repeat("dark", 20)], predicted);
    }

    [Fact]
    public async Task Predicting_a_folder_of_images_alone_names_each_row_s_file()
    {
        string train = _files.WriteImageFolder("train");
        string model = _files.PathOf("m.bpmodel");
        var (exit, _, error) = await Cli.Run("train", "--data", train, "--image-size", "4x4", "--grayscale", "--layers", "4",
            "--epochs", "30", "--lr", "0.05", "--batch-size", "8", "--out", model, "--quiet");
        Assert.True(exit == 0, error);

        // New images, no class sub-folders: the bright image "b,1.png" (a comma in the name is quoted), then dark "a.png".
        string unlabelled = _files.PathOf("new");
        Directory.CreateDirectory(unlabelled);
        File.Copy(Path.Combine(train, "bright", "001.png"), Path.Combine(unlabelled, "b,1.png"));
        File.Copy(Path.Combine(train, "dark", "000.png"), Path.Combine(unlabelled, "a.png"));
        string predictions = _files.PathOf("p.csv");
        (exit, _, error) = await Cli.Run("predict", "--model", model, "--data", unlabelled, "--out", predictions);
        Assert.True(exit == 0, error);
        string[] lines = await File.ReadAllLinesAsync(predictions);
        Assert.Equal(3, lines.Length);
        Assert.Equal("file,class,probability_dark", lines[0]);
        Assert.StartsWith("a.png,dark,", lines[1]);
        Assert.StartsWith("\"b,1.png\",bright,", lines[2]);

        // A folder with class sub-folders names each file relative to the folder.
        (exit, _, error) = await Cli.Run("predict", "--model", model, "--data", train, "--out", predictions);
        Assert.True(exit == 0, error);
        lines = await File.ReadAllLinesAsync(predictions);
        Assert.StartsWith("bright/001.png,bright,", lines[1]);
        Assert.StartsWith("dark/000.png,dark,", lines[21]);

        // Training needs the class sub-folders.
        (exit, _, error) = await Cli.Run("train", "--data", unlabelled, "--image-size", "4x4", "--out", model, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("has no class sub-folders", error);
    }

    [Fact]
    public async Task A_test_folder_missing_a_class_is_mapped_by_class_name()
    {
        string train = _files.WriteImageFolder("train");
        string test = _files.WriteImageFolder("test");
        Directory.Delete(Path.Combine(test, "bright"), recursive: true); // "dark" alone would be class 0 of its own folder
        var (exit, output, error) = await Cli.Run("train", "--data", train, "--test", test, "--image-size", "4x4", "--grayscale", "--layers", "4",
            "--epochs", "30", "--lr", "0.05", "--batch-size", "8", "--out", _files.PathOf("m.bpmodel"), "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1.0, json.RootElement.GetProperty("test_accuracy").GetDouble());
    }

    [Theory]
    [InlineData("h5-no-key", "needs --x-key naming the inputs dataset")]
    [InlineData("h5-bad-key", "has no dataset 'nope'; it holds the keys 'list_classes', 'x', 'y'")]
    [InlineData("csv-labels", "--labels applies to IDX and .npy data; '")]
    [InlineData("csv-no-target", "is read as CSV and needs --target naming the label column")]
    [InlineData("npz-bad-key", "has no array 'nope'; it holds 'features', 'labels'")]
    [InlineData("idx-count", "holds 40 images but")]
    [InlineData("npy-count", "x.npy' has shape (40, 4, 4): 40 examples, but there are 39 labels")]
    [InlineData("folder-size", "--image-size expects WIDTHxHEIGHT")]
    [InlineData("folder-corrupt", "000.png' could not be decoded as PNG")]
    [InlineData("folder-flags", "--x-key applies to HDF5 and .npz data")]
    public async Task Bad_input_is_one_line_naming_the_file_or_flag(string kind, string expected)
    {
        string[] args = kind switch
        {
            "h5-no-key" => ["--data", _files.WriteHdf5(), "--y-key", "y"],
            "h5-bad-key" => ["--data", _files.WriteHdf5(), "--x-key", "nope", "--y-key", "y"],
            "csv-labels" => ["--data", WriteCsv(), "--target", "y", "--labels", "l.npy"],
            "csv-no-target" => ["--data", WriteCsv()],
            "npz-bad-key" => ["--data", _files.WriteNpz(), "--x-key", "nope", "--y-key", "labels"],
            "idx-count" => ["--data", _files.WriteIdx().Images, "--labels", WriteShortIdxLabels()],
            "npy-count" => ["--data", _files.WriteNpy().X, "--labels", WriteShortNpyLabels()],
            "folder-size" => ["--data", _files.WriteImageFolder(), "--image-size", "4by4"],
            "folder-corrupt" => ["--data", CorruptFolder()],
            _ => ["--data", _files.WriteImageFolder(), "--x-key", "x"],
        };
        var (exit, output, error) = await Cli.Run(["train", .. args, "--epochs", "1", "--out", _files.PathOf("bad.bpmodel")]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(expected, error);
        Assert.False(File.Exists(_files.PathOf("bad.bpmodel")));
    }

    [Theory]
    [InlineData("train-images-idx3-ubyte.gz", "Idx")]
    [InlineData("t10k-labels-idx1-ubyte", "Idx")]
    [InlineData("digits.IDX", "Idx")]
    [InlineData("video_idx.csv", "Csv")]
    [InlineData("table.txt", "Csv")]
    [InlineData("cats.H5", "Hdf5")]
    [InlineData("cats.hdf5", "Hdf5")]
    [InlineData("x.npy", "Npy")]
    [InlineData("arrays.npz", "Npz")]
    [InlineData("no-extension", "Csv")]
    public void The_format_comes_from_the_name(string name, string format)
        => Assert.Equal(format, Inputs.DataLoading.Detect(_files.PathOf(name)).ToString());

    [Fact]
    public void A_folder_is_an_image_folder()
        => Assert.Equal("ImageFolder", Inputs.DataLoading.Detect(_files.Folder).ToString());

    [Fact]
    public async Task Evaluating_images_of_another_size_names_both_sizes()
    {
        string h5 = _files.WriteHdf5();
        string model = _files.PathOf("m.bpmodel");
        var (exit, _, error) = await Cli.Run("train", "--data", h5, "--x-key", "x", "--y-key", "y", "--epochs", "1", "--out", model);
        Assert.True(exit == 0, error);
        (exit, _, error) = await Cli.Run("evaluate", "--model", model, "--data", _files.WriteImageFolder(), "--image-size", "8x8", "--grayscale");
        Assert.Equal(2, exit);
        Assert.Contains("has 64 input features (images of 8×8×1); the model takes 16", error);
    }

    private string WriteCsv()
    {
        string path = _files.PathOf("t.csv");
        File.WriteAllText(path, "a,y\n1,0\n2,1\n");
        return path;
    }

    private string WriteShortIdxLabels()
    {
        string path = _files.PathOf("short-labels-idx1-ubyte");
        File.WriteAllBytes(path, [0, 0, 0x08, 1, 0, 0, 0, 39, .. _files.Labels.Take(39)]);
        return path;
    }

    private string WriteShortNpyLabels()
    {
        string header = "{'descr': '|u1', 'fortran_order': False, 'shape': (39,), }";
        header += new string(' ', (64 - (10 + header.Length + 1) % 64) % 64) + "\n";
        string path = _files.PathOf("short.npy");
        File.WriteAllBytes(path, [0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. System.Text.Encoding.Latin1.GetBytes(header), .. _files.Labels.Take(39)]);
        return path;
    }

    private string CorruptFolder()
    {
        string folder = _files.WriteImageFolder();
        string file = Path.Combine(folder, "dark", "000.png");
        File.WriteAllBytes(file, File.ReadAllBytes(file).AsSpan(0, 30).ToArray());
        return folder;
    }
}
