using System.CommandLine;

namespace Backprop.Cli.Inputs;

/// <summary>The values of the format flags: how to read a <c>--data</c> (or <c>--test</c>) path that is not a plain CSV file.</summary>
internal sealed record DataOptions
{
    /// <summary>HDF5 / .npz: the inputs dataset or array.</summary>
    public string? XKey { get; init; }

    /// <summary>HDF5 / .npz: the labels dataset or array.</summary>
    public string? YKey { get; init; }

    /// <summary>IDX / .npy: the labels file.</summary>
    public string? Labels { get; init; }

    /// <summary>Image folders: "WIDTHxHEIGHT", or null for the default (the model's size, else 64x64).</summary>
    public string? ImageSize { get; init; }

    /// <summary>Image folders: read grey rather than RGB.</summary>
    public bool Grayscale { get; init; }

    /// <summary>The options for a test file: its own keys and labels file where given, the image settings shared.</summary>
    public DataOptions ForTest(string? xKey, string? yKey, string? labels)
        => this with { XKey = xKey ?? XKey, YKey = yKey ?? YKey, Labels = labels };
}

/// <summary>
/// The format flags shared by <c>train</c>, <c>evaluate</c>, <c>predict</c> and <c>errors</c>, added to a
/// command in one call so each command file changes by a line or two.
/// </summary>
internal sealed class DataFlags
{
    private readonly Option<string?> _xKey = new("--x-key") { Description = "HDF5 or .npz data: the inputs dataset (e.g. train_set_x)." };
    private readonly Option<string?> _yKey = new("--y-key") { Description = "HDF5 or .npz data: the labels dataset (e.g. train_set_y)." };
    private readonly Option<string?> _labels = new("--labels") { Description = "IDX or .npy data: the labels file." };
    private readonly Option<string?> _imageSize = new("--image-size") { Description = "Image folders: resize every image to WIDTHxHEIGHT (default: the model's size, else 64x64)." };
    private readonly Option<bool> _grayscale = new("--grayscale") { Description = "Image folders: read grey images instead of RGB." };
    private readonly Option<string?>? _testXKey, _testYKey, _testLabels;

    private DataFlags(bool test)
    {
        if (!test)
            return;
        _testXKey = new("--test-x-key") { Description = "HDF5 or .npz --test data: the inputs dataset (default: --x-key)." };
        _testYKey = new("--test-y-key") { Description = "HDF5 or .npz --test data: the labels dataset (default: --y-key)." };
        _testLabels = new("--test-labels") { Description = "IDX or .npy --test data: the labels file." };
    }

    /// <summary>Adds the flags to <paramref name="command"/>; with <paramref name="test"/> also the --test-… ones.</summary>
    public static DataFlags AddTo(Command command, bool test = false)
    {
        var flags = new DataFlags(test);
        foreach (var option in new Option?[] { flags._xKey, flags._yKey, flags._labels, flags._imageSize, flags._grayscale, flags._testXKey, flags._testYKey, flags._testLabels })
            if (option is not null)
                command.Options.Add(option);
        return flags;
    }

    /// <summary>The values given for the data.</summary>
    public DataOptions Read(ParseResult parse) => new()
    {
        XKey = parse.GetValue(_xKey), YKey = parse.GetValue(_yKey), Labels = parse.GetValue(_labels),
        ImageSize = parse.GetValue(_imageSize), Grayscale = parse.GetValue(_grayscale),
    };

    /// <summary>The values given for the --test data (only for a command created with test flags).</summary>
    public DataOptions ReadTest(ParseResult parse) => Read(parse).ForTest(
        _testXKey is null ? null : parse.GetValue(_testXKey), _testYKey is null ? null : parse.GetValue(_testYKey), _testLabels is null ? null : parse.GetValue(_testLabels));
}
