using PureHDF;
using PureHDF.VOL.Native;

namespace Backprop.Data.Formats;

/// <summary>
/// An open HDF5 file with the checks and messages the data readers need: a missing file, a file that is not
/// HDF5 or is truncated, a missing key, and any failure inside PureHDF all become exceptions that name the file.
/// </summary>
internal sealed class Hdf5Source : IDisposable
{
    private readonly NativeFile _file;

    private Hdf5Source(string path, NativeFile file)
    {
        Path = path;
        _file = file;
    }

    /// <summary>The path the file was opened with, as it appears in messages.</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> for reading after checking its superblock.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not HDF5, is truncated, or PureHDF cannot open it.</exception>
    public static Hdf5Source Open(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"HDF5 file '{path}' was not found.", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            Hdf5Superblock.Validate(stream, path);
            NativeFile file = Guard(path, "opening the file", () => H5File.Open(stream, leaveOpen: false));
            return new Hdf5Source(path, file);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Whether a link named <paramref name="key"/> exists.</summary>
    public bool HasKey(string key) => Guard($"looking up '{key}'", () => _file.LinkExists(key));

    /// <summary>The dataset at <paramref name="key"/>, with its shape and type.</summary>
    /// <exception cref="KeyNotFoundException">No link has that key; the message lists the keys present.</exception>
    /// <exception cref="InvalidDataException">The key names a group or other non-dataset object.</exception>
    public Hdf5Array Dataset(string key)
    {
        if (!HasKey(key))
            throw new KeyNotFoundException($"'{Path}' has no dataset '{key}'; it holds {KeysText()}.");
        IH5Object found = Guard($"opening '{key}'", () => _file.Get(key));
        if (found is not IH5Dataset dataset)
            throw new InvalidDataException($"'{Path}': '{key}' is a {(found is IH5Group ? "group" : "link")}, not a dataset.");
        return Guard($"reading the header of '{key}'", () => new Hdf5Array(key, dataset, dataset.Space.Dimensions, dataset.Type));
    }

    /// <summary>All elements of a <c>uint8</c> dataset in C order.</summary>
    public byte[] ReadBytes(Hdf5Array array) => Guard($"reading '{array.Key}'", () => array.Handle.Read<byte[]>());

    /// <summary>All elements of an integer dataset of any width and sign, widened to <see cref="long"/>.</summary>
    /// <exception cref="InvalidDataException">The width is unusual or a <c>uint64</c> value exceeds <see cref="long.MaxValue"/>.</exception>
    public long[] ReadIntegers(Hdf5Array array)
    {
        IH5Dataset d = array.Handle;
        // PureHDF decodes only into an element type of the stored width, so the width picks the array type.
        return (array.Type.Size, array.Type.FixedPoint.IsSigned) switch
        {
            (1, false) => Widen(Guard(ReadingText(array), () => d.Read<byte[]>()), array),
            (1, true) => Widen(Guard(ReadingText(array), () => d.Read<sbyte[]>()), array),
            (2, false) => Widen(Guard(ReadingText(array), () => d.Read<ushort[]>()), array),
            (2, true) => Widen(Guard(ReadingText(array), () => d.Read<short[]>()), array),
            (4, false) => Widen(Guard(ReadingText(array), () => d.Read<uint[]>()), array),
            (4, true) => Widen(Guard(ReadingText(array), () => d.Read<int[]>()), array),
            (8, false) => Widen(Guard(ReadingText(array), () => d.Read<ulong[]>()), array),
            (8, true) => Guard(ReadingText(array), () => d.Read<long[]>()),
            _ => throw new InvalidDataException($"'{Path}': '{array.Key}' holds {array.TypeText} integers, which are not supported."),
        };
    }

    /// <summary>All elements of a string dataset, with the NUL padding of fixed-length strings removed.</summary>
    public string[] ReadStrings(Hdf5Array array)
    {
        string[] values = Guard(ReadingText(array), () => array.Handle.Read<string[]>());
        // h5py stores NumPy 'S' strings null-padded; the padding is not part of the name.
        for (int i = 0; i < values.Length; i++)
            values[i] = values[i].TrimEnd('\0');
        return values;
    }

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    private long[] Widen<TInteger>(TInteger[] values, Hdf5Array array) where TInteger : System.Numerics.IBinaryInteger<TInteger>
    {
        var result = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = long.CreateSaturating(values[i]);
            // Only uint64 can exceed the long range; saturation then shows as a changed value.
            if (TInteger.CreateTruncating(result[i]) != values[i])
                throw new InvalidDataException($"'{Path}': element {i} of '{array.Key}' ({values[i]}) does not fit in a 64-bit signed integer.");
        }
        return result;
    }

    private string KeysText()
    {
        string[] keys = Guard("listing its keys", () => _file.Children().Select(child => child.Name).ToArray());
        Array.Sort(keys, StringComparer.Ordinal);
        return keys.Length == 0 ? "no datasets" : "the keys " + string.Join(", ", keys.Select(k => $"'{k}'"));
    }

    private static string ReadingText(Hdf5Array array) => $"reading '{array.Key}'";

    private TResult Guard<TResult>(string action, Func<TResult> call) => Guard(Path, action, call);

    /// <summary>
    /// Runs a PureHDF call, turning its failures (mostly bare <see cref="Exception"/>s) into an
    /// <see cref="InvalidDataException"/> that names the file and what was being done.
    /// </summary>
    private static TResult Guard<TResult>(string path, string action, Func<TResult> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            throw new InvalidDataException($"'{path}' could not be read as HDF5 ({action}): {e.Message}", e);
        }
    }
}
