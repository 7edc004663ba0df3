using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Backprop.Tests.Data;
using PureHDF;

namespace Backprop.Cli.Tests;

/// <summary>
/// Small two-class image sets written in every format the CLI reads: 4 × 4 grey images, class 0 dark
/// (pixels 20–60) and class 1 bright (190–230), so any network separates them.
/// </summary>
internal sealed class DataFiles : IDisposable
{
    public const int Side = 4, Pixels = Side * Side;

    public DataFiles(int count = 40, int seed = 7)
    {
        var random = new Random(seed);
        Labels = new byte[count];
        Images = new byte[count * Pixels];
        for (int j = 0; j < count; j++)
        {
            Labels[j] = (byte)(j % 2);
            for (int i = 0; i < Pixels; i++)
                Images[j * Pixels + i] = (byte)((Labels[j] == 1 ? 190 : 20) + random.Next(41));
        }
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("backprop-data").FullName;

    /// <summary>Each example's label, 0 or 1.</summary>
    public byte[] Labels { get; }

    /// <summary>The images, one after another, row-major.</summary>
    public byte[] Images { get; }

    public int Count => Labels.Length;

    public string PathOf(string name) => Path.Combine(Folder, name);

    public string WriteHdf5(string name = "set.h5")
    {
        var file = new H5File
        {
            ["x"] = new H5Dataset(Images, fileDims: [(ulong)Count, Side, Side]),
            ["y"] = new H5Dataset(Labels.Select(b => (long)b).ToArray(), fileDims: [(ulong)Count]),
            ["list_classes"] = new[] { "dark", "bright" },
        };
        file.Write(PathOf(name));
        return PathOf(name);
    }

    /// <summary>The images and labels as IDX files (the labels file gzip-compressed, as the distributed files are).</summary>
    public (string Images, string Labels) WriteIdx()
    {
        byte[] images = [0, 0, 0x08, 3, .. BigEndian(Count), .. BigEndian(Side), .. BigEndian(Side), .. Images];
        File.WriteAllBytes(PathOf("images-idx3-ubyte"), images);
        byte[] labels = [0, 0, 0x08, 1, .. BigEndian(Count), .. Labels];
        using (var gzip = new GZipStream(File.Create(PathOf("labels-idx1-ubyte.gz")), CompressionLevel.Optimal))
            gzip.Write(labels);
        return (PathOf("images-idx3-ubyte"), PathOf("labels-idx1-ubyte.gz"));
    }

    /// <summary>X as a uint8 array (m, 4, 4) and y as int64 (m,).</summary>
    public (string X, string Y) WriteNpy()
    {
        File.WriteAllBytes(PathOf("x.npy"), Npy("|u1", $"({Count}, {Side}, {Side})", Images));
        File.WriteAllBytes(PathOf("y.npy"), Npy("<i8", $"({Count},)", Int64s()));
        return (PathOf("x.npy"), PathOf("y.npy"));
    }

    /// <summary>An archive with X as float64 (m, 16), one example per row, scaled to [0, 1], and y as int64.</summary>
    public string WriteNpz()
    {
        var doubles = new byte[Images.Length * 8];
        for (int i = 0; i < Images.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(doubles.AsSpan(8 * i), Images[i] / 255.0);
        string path = PathOf("set.npz");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Add(zip, "features.npy", Npy("<f8", $"({Count}, {Pixels})", doubles));
        Add(zip, "labels.npy", Npy("<i8", $"({Count},)", Int64s()));
        return path;
    }

    /// <summary>An image folder with classes "bright" and "dark"; <paramref name="misfiled"/> bright images are put in "dark".</summary>
    public string WriteImageFolder(string name = "images", int misfiled = 0)
    {
        string root = PathOf(name);
        int moved = 0;
        for (int j = 0; j < Count; j++)
        {
            bool bright = Labels[j] == 1;
            string label = bright && moved++ < misfiled ? "dark" : bright ? "bright" : "dark";
            Directory.CreateDirectory(Path.Combine(root, label));
            File.WriteAllBytes(Path.Combine(root, label, $"{j:D3}.png"), PngWriter.Encode(Side, Side, 1, Images.AsSpan(j * Pixels, Pixels)));
        }
        return root;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private byte[] Int64s() => [.. Labels.SelectMany(b => BitConverter.GetBytes((long)b))];

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(bytes);
    }

    /// <summary>An .npy file (format 1.0): magic, version, header length, the dict padded to 64 bytes, the data.</summary>
    private static byte[] Npy(string descr, string shape, byte[] data)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        string header = dict + new string(' ', (64 - total % 64) % 64) + "\n";
        byte[] headerBytes = Encoding.Latin1.GetBytes(header);
        return [0x93, .. "NUMPY"u8, 1, 0, .. BitConverter.GetBytes((ushort)headerBytes.Length), .. headerBytes, .. data];
    }
}
