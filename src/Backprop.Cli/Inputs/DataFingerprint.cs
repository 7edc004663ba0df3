using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Backprop.Data.Formats;

namespace Backprop.Cli.Inputs;

/// <summary>
/// A content hash of everything a <c>--data</c> path and its format flags read, so a tuning search's trial log
/// can refuse workers that read other data, whatever the data's path on their machine.
/// </summary>
/// <remarks>
/// One file (CSV, HDF5, .npz, an IDX or .npy file without a labels file): the SHA-256 of its bytes. Several
/// inputs (an image folder; IDX or .npy images with <c>--labels</c>) hash a listing instead, one line per file,
/// <c>NAME\tSIZE\tSHA256\n</c>, sorted by name (ordinal), and the hash is the SHA-256 of that listing's UTF-8
/// bytes. In a folder a file's name is its path relative to the folder with '/' between names, so renaming,
/// adding, removing or changing any image changes the hash; for a pair the names are <c>data</c> and <c>labels</c>.
/// </remarks>
internal static class DataFingerprint
{
    /// <summary>The hash of the data <paramref name="path"/> and <paramref name="options"/> read, as lower-case hex.</summary>
    public static string Of(string path, DataOptions options)
    {
        if (DataLoading.Detect(path) == DataFormat.ImageFolder)
            return Listing(ImageFolder.Files(path).Select(name => (name, Path.Combine(path, name))));
        if (options.Labels is not null)
            return Listing([("data", path), ("labels", options.Labels)]);
        return HashFile(path);
    }

    /// <summary>The format flags that change what is read, as <c>--flag=value</c> words; empty when none was given (CSV).</summary>
    public static string Options(DataOptions options)
    {
        var words = new List<string>();
        if (options.XKey is not null) words.Add($"--x-key={options.XKey}");
        if (options.YKey is not null) words.Add($"--y-key={options.YKey}");
        if (options.ImageSize is not null) words.Add($"--image-size={options.ImageSize}");
        if (options.Grayscale) words.Add("--grayscale");
        return string.Join(' ', words);
    }

    /// <summary>SHA-256 as lower-case hex.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Listing(IEnumerable<(string Name, string Path)> files)
    {
        var text = new StringBuilder();
        foreach (var (name, file) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
            text.Append(name).Append('\t').Append(new FileInfo(file).Length.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(HashFile(file)).Append('\n');
        return Hash(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
