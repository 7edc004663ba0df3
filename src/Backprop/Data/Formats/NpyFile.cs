using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Backprop.Data.Formats;

/// <summary>
/// Reads NumPy's <c>.npy</c> array files and <c>.npz</c> archives of them, written from the format's
/// specification (numpy.lib.format).
/// </summary>
/// <remarks>
/// <para>An <c>.npy</c> file is the magic bytes <c>\x93NUMPY</c>, a major and minor version byte, the header
/// length (little-endian: 2 bytes in version 1.0, 4 bytes in 2.0 and 3.0), and the header: a Python dict
/// literal with exactly the keys <c>'descr'</c> (the dtype), <c>'fortran_order'</c> (<c>True</c> or
/// <c>False</c>) and <c>'shape'</c> (a tuple of sizes), Latin-1 text in versions 1.0 and 2.0 and UTF-8 in 3.0,
/// padded with spaces and a newline. The data follow and end exactly where the shape says.</para>
/// <para>Supported dtypes: <c>'|b1'</c>, <c>'|u1'</c>, and <c>i4</c>, <c>i8</c>, <c>f4</c>, <c>f8</c> in either byte
/// order (<c>'&lt;'</c>, or <c>'&gt;'</c>, which is swapped on reading). Fortran-order data are rearranged into C
/// order, so <see cref="NpyArray"/> always presents C order.</para>
/// <para>An <c>.npz</c> file is a zip archive (stored or deflated) of <c>.npy</c> files, as
/// <c>numpy.savez</c> and <c>numpy.savez_compressed</c> write it.</para>
/// <para>The header is checked before the data are allocated, and every failure names the file, and for an
/// <c>.npz</c> the member, with an <see cref="InvalidDataException"/>.</para>
/// </remarks>
public static class NpyFile
{
    /// <summary>The most dimensions an array may declare.</summary>
    public const int MaxDimensions = 8;

    /// <summary>
    /// The longest header accepted. NumPy's own headers are a few hundred bytes; the limit keeps a damaged
    /// length field from allocating gigabytes before anything is checked.
    /// </summary>
    private const int MaxHeaderLength = 1 << 16;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads one <c>.npy</c> file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array's type, shape and values.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file does not start with the NPY magic bytes, has an unknown
    /// version, a malformed header (the message names the field), an unsupported dtype (the message names it),
    /// more than <see cref="MaxDimensions"/> dimensions, or data shorter or longer than the shape requires.</exception>
    /// <example><code>NpyArray x = NpyFile.Read("train_x.npy"); var X = x.ToMatrix&lt;float&gt;(transpose: true);</code></example>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"NPY file '{path}' was not found.", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return ReadFrom(file, file.Length, $"'{path}'");
    }

    /// <summary>
    /// Reads every array of an <c>.npz</c> archive, keyed by member name without the <c>.npy</c> extension
    /// (the keyword names given to <c>numpy.savez</c>, or <c>arr_0</c>, <c>arr_1</c>, … for positional ones).
    /// </summary>
    /// <param name="path">The archive.</param>
    /// <returns>The arrays by name, in archive order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip archive or is corrupt, two members have the
    /// same name, or a member is not a valid <c>.npy</c> file (see <see cref="Read"/>); the message names the
    /// file and the member.</exception>
    /// <example><code>var arrays = NpyFile.ReadArchive("data.npz"); NpyArray y = arrays["y"];</code></example>
    public static IReadOnlyDictionary<string, NpyArray> ReadArchive(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"NPZ file '{path}' was not found.", path);

        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}' is not a readable .npz (zip) archive: {ex.Message}", ex);
        }

        using (archive)
        {
            var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                    continue; // a folder entry holds no array
                string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                string source = $"'{path}', member '{entry.FullName}'";
                if (result.ContainsKey(name))
                    throw new InvalidDataException($"{source}: the archive has two arrays named '{name}'.");
                try
                {
                    using Stream stream = entry.Open();
                    result.Add(name, ReadFrom(stream, entry.Length, source));
                }
                catch (InvalidDataException ex) when (!ex.Message.StartsWith(source, StringComparison.Ordinal))
                {
                    // The zip layer's own messages (bad CRC, corrupt deflate data) do not say which member failed.
                    throw new InvalidDataException($"{source}: {ex.Message}", ex);
                }
            }
            return result;
        }
    }

    /// <summary>Reads one array from <paramref name="stream"/>, which holds <paramref name="length"/> bytes.</summary>
    private static NpyArray ReadFrom(Stream stream, long length, string source)
    {
        Span<byte> prefix = stackalloc byte[12];
        int got = stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false);
        if (got < Magic.Length || !prefix[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidDataException($"{source} is not an NPY file: it does not start with the magic bytes \\x93NUMPY.");
        if (got < 10)
            throw new InvalidDataException($"{source} is truncated: it ends inside the version and header-length fields.");

        byte major = prefix[6], minor = prefix[7];
        int headerLength;
        int prefixLength;
        if (major == 1 && minor == 0)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            prefixLength = 10;
        }
        else if (major is 2 or 3 && minor == 0)
        {
            if (stream.ReadAtLeast(prefix[10..12], 2, throwOnEndOfStream: false) < 2)
                throw new InvalidDataException($"{source} is truncated: it ends inside the header-length field.");
            uint declared = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
            if (declared > MaxHeaderLength)
                throw new InvalidDataException($"{source} declares a {declared}-byte header; this reader accepts at most {MaxHeaderLength} bytes.");
            headerLength = (int)declared;
            prefixLength = 12;
        }
        else
            throw new InvalidDataException($"{source} has format version {major}.{minor}; this reader knows 1.0, 2.0 and 3.0.");

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerLength, throwOnEndOfStream: false) < headerLength)
            throw new InvalidDataException($"{source} is truncated: its header should be {headerLength} bytes long but the file ends first.");
        // Versions 1.0 and 2.0 store the header as Latin-1; 3.0 as UTF-8 (for structured field names).
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (type, bigEndian, fortran, shape) = ParseHeader(header, source);

        long count = 1;
        foreach (int size in shape)
        {
            count *= size;
            if (count * NpyArray.ElementSize(type) > Array.MaxLength)
                throw new InvalidDataException($"{source} declares shape ({string.Join(", ", shape)}), more data than one array can hold.");
        }
        int dataLength = (int)(count * NpyArray.ElementSize(type));
        long available = length - prefixLength - headerLength;
        if (available < dataLength)
            throw new InvalidDataException($"{source} is truncated: shape ({string.Join(", ", shape)}) of {NpyArray.TypeName(type)} needs {dataLength} data bytes but only {Math.Max(0, available)} follow the header.");
        if (available > dataLength)
            throw new InvalidDataException($"{source} has {available - dataLength} bytes after the {dataLength} data bytes that shape ({string.Join(", ", shape)}) of {NpyArray.TypeName(type)} requires.");

        var data = new byte[dataLength];
        int read = stream.ReadAtLeast(data, dataLength, throwOnEndOfStream: false);
        if (read < dataLength)
            throw new InvalidDataException($"{source} is truncated: shape ({string.Join(", ", shape)}) of {NpyArray.TypeName(type)} needs {dataLength} data bytes but only {read} follow the header.");

        int itemSize = NpyArray.ElementSize(type);
        if (bigEndian && itemSize > 1)
            SwapBytes(data, itemSize);
        if (fortran && shape.Length > 1)
            data = FortranToC(data, shape, itemSize);
        return new NpyArray(source, type, shape, data);
    }

    private static (NpyElementType Type, bool BigEndian, bool Fortran, int[] Shape) ParseHeader(string header, string source)
    {
        var parser = new HeaderParser(header, source);
        Dictionary<string, object> fields = parser.ParseDict();

        foreach (string key in fields.Keys)
            if (key is not ("descr" or "fortran_order" or "shape"))
                throw new InvalidDataException($"{source}: the header has the unexpected field '{key}'; an NPY header has exactly 'descr', 'fortran_order' and 'shape'.");

        if (!fields.TryGetValue("descr", out object? descr))
            throw new InvalidDataException($"{source}: the header has no 'descr' field (the dtype).");
        if (descr is not string dtype)
            throw new InvalidDataException($"{source}: field 'descr' is not a simple dtype string; structured dtypes are not supported.");
        var (type, bigEndian) = dtype switch
        {
            "|b1" => (NpyElementType.Bool, false),
            "|u1" or "<u1" or ">u1" => (NpyElementType.UInt8, false),
            "<i4" => (NpyElementType.Int32, false),
            ">i4" => (NpyElementType.Int32, true),
            "<i8" => (NpyElementType.Int64, false),
            ">i8" => (NpyElementType.Int64, true),
            "<f4" => (NpyElementType.Float32, false),
            ">f4" => (NpyElementType.Float32, true),
            "<f8" => (NpyElementType.Float64, false),
            ">f8" => (NpyElementType.Float64, true),
            _ => throw new InvalidDataException($"{source}: field 'descr' is the unsupported dtype '{dtype}'; supported are '|b1', '|u1', '<i4', '<i8', '<f4', '<f8' and their big-endian '>' forms."),
        };

        if (!fields.TryGetValue("fortran_order", out object? fortranValue))
            throw new InvalidDataException($"{source}: the header has no 'fortran_order' field.");
        if (fortranValue is not bool fortran)
            throw new InvalidDataException($"{source}: field 'fortran_order' must be True or False.");

        if (!fields.TryGetValue("shape", out object? shapeValue))
            throw new InvalidDataException($"{source}: the header has no 'shape' field.");
        if (shapeValue is not List<long> sizes)
            throw new InvalidDataException($"{source}: field 'shape' must be a tuple of sizes, e.g. (3, 4).");
        if (sizes.Count > MaxDimensions)
            throw new InvalidDataException($"{source}: field 'shape' has {sizes.Count} dimensions; this reader accepts at most {MaxDimensions}.");
        var shape = new int[sizes.Count];
        for (int k = 0; k < shape.Length; k++)
        {
            if (sizes[k] is < 0 or > int.MaxValue)
                throw new InvalidDataException($"{source}: field 'shape' has size {sizes[k]} for dimension {k}; sizes must be in [0, {int.MaxValue}].");
            shape[k] = (int)sizes[k];
        }
        return (type, bigEndian, fortran, shape);
    }

    private static void SwapBytes(byte[] data, int itemSize)
    {
        for (int i = 0; i < data.Length; i += itemSize)
            data.AsSpan(i, itemSize).Reverse();
    }

    /// <summary>Rearranges column-major data (first index fastest) into row-major order (last index fastest).</summary>
    private static byte[] FortranToC(byte[] source, int[] shape, int itemSize)
    {
        int rank = shape.Length;
        var result = new byte[source.Length];
        if (source.Length == 0)
            return result;
        // C-order strides in elements; walking the Fortran order advances index 0 fastest.
        var strides = new long[rank];
        strides[rank - 1] = 1;
        for (int k = rank - 2; k >= 0; k--)
            strides[k] = strides[k + 1] * shape[k + 1];
        var index = new int[rank];
        long target = 0;
        int count = source.Length / itemSize;
        for (int f = 0; f < count; f++)
        {
            source.AsSpan(f * itemSize, itemSize).CopyTo(result.AsSpan((int)(target * itemSize)));
            for (int k = 0; k < rank; k++)
            {
                index[k]++;
                target += strides[k];
                if (index[k] < shape[k])
                    break;
                target -= strides[k] * shape[k];
                index[k] = 0;
            }
        }
        return result;
    }

    /// <summary>
    /// Parses the subset of Python literal syntax an NPY header uses: a dict of string keys whose values are
    /// strings, <c>True</c>/<c>False</c>, or tuples/lists of integers (nested lists, as structured dtypes have,
    /// are read as lists of objects so they can be reported as unsupported).
    /// </summary>
    private ref struct HeaderParser(string text, string source)
    {
        private int _position;

        public Dictionary<string, object> ParseDict()
        {
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            Expect('{', "the header must be a Python dict starting with '{'");
            while (true)
            {
                SkipSpaces();
                if (TryTake('}'))
                    break;
                if (Peek() is not ('\'' or '"'))
                    throw Malformed(null, "expected a quoted key");
                string key = ParseString();
                SkipSpaces();
                Expect(':', $"expected ':' after the key '{key}'");
                object value = ParseValue(key);
                if (!result.TryAdd(key, value))
                    throw Malformed(key, "the field appears twice");
                SkipSpaces();
                if (TryTake(','))
                    continue;
                SkipSpaces();
                Expect('}', $"expected ',' or '}}' after the value of '{key}'");
                break;
            }
            SkipSpaces();
            if (_position < text.Length)
                throw Malformed(null, "text follows the closing '}'");
            return result;
        }

        private object ParseValue(string field)
        {
            SkipSpaces();
            char c = Peek();
            if (c is '\'' or '"')
                return ParseString();
            if (c is '(' or '[')
                return ParseSequence(field);
            if (Match("True"))
                return true;
            if (Match("False"))
                return false;
            throw Malformed(field, "expected a string, True, False or a tuple");
        }

        private object ParseSequence(string field)
        {
            char close = text[_position++] == '(' ? ')' : ']';
            var numbers = new List<long>();
            var others = new List<object>();
            while (true)
            {
                SkipSpaces();
                if (TryTake(close))
                    break;
                if (char.IsAsciiDigit(Peek()) || Peek() == '-')
                {
                    int start = _position;
                    _position++;
                    while (_position < text.Length && char.IsAsciiDigit(text[_position]))
                        _position++;
                    // Python 2 wrote sizes as longs, e.g. 3L.
                    string digits = text[start.._position];
                    TryTake('L');
                    if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                        throw Malformed(field, $"'{digits}' is not a size");
                    numbers.Add(n);
                }
                else
                    others.Add(ParseValue(field));
                SkipSpaces();
                if (TryTake(','))
                    continue;
                SkipSpaces();
                Expect(close, $"expected ',' or '{close}' in the value of '{field}'");
                break;
            }
            return others.Count == 0 ? numbers : others;
        }

        private string ParseString()
        {
            char quote = text[_position++];
            int end = text.IndexOf(quote, _position);
            if (end < 0)
                throw Malformed(null, "a string is not closed");
            string value = text[_position..end];
            _position = end + 1;
            return value;
        }

        private bool Match(string word)
        {
            if (string.CompareOrdinal(text, _position, word, 0, word.Length) != 0)
                return false;
            _position += word.Length;
            return true;
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
                _position++;
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private bool TryTake(char c)
        {
            if (Peek() != c)
                return false;
            _position++;
            return true;
        }

        private void Expect(char c, string problem)
        {
            SkipSpaces();
            if (!TryTake(c))
                throw Malformed(null, problem);
        }

        private readonly InvalidDataException Malformed(string? field, string problem) => new(field is null
            ? $"{source}: the header is malformed at character {_position + 1}: {problem}."
            : $"{source}: the header is malformed in field '{field}': {problem}.");
    }
}
