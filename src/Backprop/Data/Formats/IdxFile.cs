using System.Buffers.Binary;
using System.IO.Compression;

namespace Backprop.Data.Formats;

/// <summary>
/// Reads IDX files, the format of the MNIST and Fashion-MNIST distributions, plain or gzip-compressed.
/// </summary>
/// <remarks>
/// <para>An IDX file starts with a big-endian header: two zero bytes, a type code (0x08 uint8, 0x09 int8,
/// 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, and one big-endian 32-bit
/// size per dimension. The data follow in C order (the last dimension varies fastest), multi-byte elements
/// big-endian, and end exactly where the header says.</para>
/// <para>A file that starts with the gzip magic bytes 1F 8B is decompressed on the fly, so the distributed
/// <c>.gz</c> files need no unpacking.</para>
/// <para>The header is checked before the data are allocated, and every failure names the file.</para>
/// </remarks>
public static class IdxFile
{
    /// <summary>The most dimensions a file may declare; the image files have 3 and the label files 1.</summary>
    public const int MaxDimensions = 8;

    /// <summary>
    /// The largest buffer allocated for gzip data before the data have arrived. A plain file's length is
    /// known, but a compressed file's is not, so a damaged header that promises gigabytes costs no more than
    /// this plus what the stream actually delivers; the Fashion-MNIST training images (47 MB) fit at once.
    /// </summary>
    private const int GzipFirstAllocation = 64 << 20;

    /// <summary>Reads the whole file.</summary>
    /// <param name="path">The IDX file, plain or gzip-compressed.</param>
    /// <returns>The element type, dimensions and data.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file does not start with the IDX magic number, declares an
    /// unknown element type, no or more than <see cref="MaxDimensions"/> dimensions, a negative size or more
    /// data than one array can hold; its data are shorter or longer than the header promises; or its gzip
    /// stream is corrupt.</exception>
    /// <example><code>IdxArray labels = IdxFile.Read("train-labels-idx1-ubyte.gz"); // uint8 (60000,)</code></example>
    public static IdxArray Read(string path) => Open(path, 1 << 16, ReadFrom);

    private static bool StartsWithGzipMagic(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int got = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return got == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    /// <summary>Reads only the header: the element type and the dimensions, without reading (or checking) the data.</summary>
    /// <param name="path">The IDX file, plain or gzip-compressed.</param>
    /// <returns>The element type and the size of each dimension, outermost first.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header is invalid, as for <see cref="Read"/>.</exception>
    public static (IdxElementType ElementType, IReadOnlyList<int> Dimensions) ReadHeader(string path) =>
        Open<(IdxElementType, IReadOnlyList<int>)>(path, 4096, (stream, name, compressed) =>
        {
            var (type, dimensions, _) = ReadHeader(stream, name, compressed);
            return (type, dimensions);
        });

    /// <summary>Opens the file, decompressing it when it starts with the gzip magic bytes, and reads it with <paramref name="read"/>.</summary>
    private static TResult Open<TResult>(string path, int bufferSize, Func<Stream, string, bool, TResult> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file '{path}' was not found.", path);

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        if (!StartsWithGzipMagic(file))
            return read(file, path, false);
        using var unzip = new GZipStream(file, CompressionMode.Decompress);
        return read(unzip, path, true);
    }

    private static IdxArray ReadFrom(Stream stream, string path, bool compressed)
    {
        var (type, dimensions, headerLength) = ReadHeader(stream, path, compressed);
        int dataLength = DataLength(path, type, dimensions);

        byte[] data = compressed
            ? ReadCompressedData(stream, path, headerLength, dataLength)
            : ReadPlainData((FileStream)stream, path, headerLength, dataLength);
        return new IdxArray(path, type, dimensions, data);
    }

    private static (IdxElementType Type, int[] Dimensions, int HeaderLength) ReadHeader(Stream stream, string path, bool compressed)
    {
        string contents = compressed ? "decompresses to" : "has";
        Span<byte> header = stackalloc byte[4 + 4 * MaxDimensions];

        int got = Fill(stream, header[..4], path, compressed);
        if (got < 4)
            throw new InvalidDataException($"'{path}' is too short to be an IDX file: it {contents} {got} bytes, and the header alone needs at least 4.");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"'{path}' is not an IDX file: it starts with 0x{header[0]:X2} 0x{header[1]:X2}, but the IDX magic number starts with two zero bytes.");
        var type = (IdxElementType)header[2];
        if (!Enum.IsDefined(type))
            throw new InvalidDataException($"'{path}' declares the unknown IDX element type code 0x{header[2]:X2}; known codes are 0x08 (uint8), 0x09 (int8), 0x0B (int16), 0x0C (int32), 0x0D (float32) and 0x0E (float64).");
        int rank = header[3];
        if (rank is 0 or > MaxDimensions)
            throw new InvalidDataException($"'{path}' declares {rank} dimensions; this reader accepts 1 to {MaxDimensions}.");

        int headerLength = 4 + 4 * rank;
        got = Fill(stream, header[4..headerLength], path, compressed);
        if (got < 4 * rank)
            throw new InvalidDataException($"'{path}' is truncated: its header declares {rank} dimensions and needs {headerLength} bytes, but the file {contents} {4 + got}.");

        var dimensions = new int[rank];
        for (int k = 0; k < rank; k++)
        {
            dimensions[k] = BinaryPrimitives.ReadInt32BigEndian(header[(4 + 4 * k)..]);
            if (dimensions[k] < 0)
                throw new InvalidDataException($"'{path}' declares size {dimensions[k]} for dimension {k}; sizes cannot be negative (is this really an IDX file?).");
        }
        return (type, dimensions, headerLength);
    }

    /// <summary>The number of data bytes the header promises, after checking that one array can hold them.</summary>
    private static int DataLength(string path, IdxElementType type, int[] dimensions)
    {
        // Any zero size means no data, however large the other sizes are, so it is checked before the product.
        if (dimensions.Contains(0))
            return 0;
        long bytes = IdxArray.ElementSize(type);
        foreach (int size in dimensions)
        {
            // Each factor is below 2^31 and the running product is at most Array.MaxLength, so this cannot overflow.
            bytes *= size;
            if (bytes > Array.MaxLength)
                throw new InvalidDataException($"'{path}' declares {IdxArray.TypeName(type)} ({string.Join(", ", dimensions)}), more data than one array can hold (at most {Array.MaxLength} bytes).");
        }
        return (int)bytes;
    }

    private static byte[] ReadPlainData(FileStream file, string path, int headerLength, int dataLength)
    {
        // The length is known up front, so a damaged header is caught before anything is allocated.
        CheckDataLength(path, dataLength, file.Length - headerLength);
        var data = new byte[dataLength];
        CheckDataLength(path, dataLength, Fill(file, data, path, compressed: false));
        return data;
    }

    private static byte[] ReadCompressedData(Stream stream, string path, int headerLength, int dataLength)
    {
        var data = new byte[Math.Min(dataLength, GzipFirstAllocation)];
        int filled = Fill(stream, data, path, compressed: true);
        while (filled == data.Length && data.Length < dataLength)
        {
            Array.Resize(ref data, (int)Math.Min(dataLength, 2L * data.Length));
            filled += Fill(stream, data.AsSpan(filled), path, compressed: true);
        }
        CheckDataLength(path, dataLength, filled + CountRemaining(stream, path));
        return data;
    }

    private static void CheckDataLength(string path, long expected, long found)
    {
        if (found < expected)
            throw new InvalidDataException($"'{path}' is truncated: expected {expected} bytes of data, found {found}.");
        if (found > expected)
            throw new InvalidDataException($"'{path}' has {found - expected} bytes after the {expected} bytes of data its header describes (found {found}); is the header damaged?");
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private static int Fill(Stream stream, Span<byte> buffer, string path, bool compressed)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e) when (compressed)
        {
            // GZipStream's own message does not say which file it was reading.
            throw new InvalidDataException($"'{path}' is not valid gzip data: {e.Message}", e);
        }
    }

    /// <summary>Counts (and discards) the bytes left in the stream, so excess data are reported with their size.</summary>
    private static long CountRemaining(Stream stream, string path)
    {
        Span<byte> scratch = stackalloc byte[4096];
        long count = 0;
        int got;
        while ((got = Fill(stream, scratch, path, compressed: true)) > 0)
            count += got;
        return count;
    }
}
