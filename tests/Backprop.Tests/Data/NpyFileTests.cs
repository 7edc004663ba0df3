using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Backprop.Data.Formats;

namespace Backprop.Tests.Data;

public class NpyFileTests
{
    /// <summary>
    /// An .npy file as numpy.save lays it out: magic, version, little-endian header length, the dict padded
    /// with spaces to a multiple of 64 bytes and ended by a newline, then the data.
    /// </summary>
    private static byte[] Npy(string dict, byte[] data, int major = 1)
    {
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + dict.Length + 1;
        string header = dict + new string(' ', (64 - total % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add((byte)major);
        bytes.Add(0);
        byte[] headerBytes = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(header);
        if (major == 1)
            bytes.AddRange(BitConverter.GetBytes((ushort)headerBytes.Length));
        else
            bytes.AddRange(BitConverter.GetBytes((uint)headerBytes.Length));
        bytes.AddRange(headerBytes);
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static string Dict(string descr, bool fortran, string shape) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    private static byte[] Doubles(bool bigEndian, params double[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
            if (bigEndian)
                BinaryPrimitives.WriteDoubleBigEndian(bytes.AsSpan(8 * i), values[i]);
            else
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }

    private static byte[] Singles(bool bigEndian, params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
            if (bigEndian)
                BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 * i), values[i]);
            else
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    private static byte[] Int32s(params int[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    [Fact]
    public void Numpy_save_layout_of_a_2_by_3_float64_reads_in_C_order()
    {
        // Exactly what numpy.save writes for np.arange(6.0).reshape(2, 3): a 118-byte header, 128 bytes before the data.
        byte[] file = Npy(Dict("<f8", false, "(2, 3)"), Doubles(false, 0, 1, 2, 3, 4, 5));
        Assert.Equal(128 + 48, file.Length);
        using var folder = new TempFolder();

        NpyArray array = NpyFile.Read(folder.WriteBytes("a.npy", file));

        Assert.Equal(NpyElementType.Float64, array.ElementType);
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal("(2, 3)", array.ShapeText);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], array.ToDoubles());
        var m = array.ToMatrix<double>();
        Assert.Equal("[2, 3]", m.ShapeText);
        Assert.Equal(5.0, m[1, 2]);
        var t = array.ToMatrix<float>(transpose: true);
        Assert.Equal("[3, 2]", t.ShapeText);
        Assert.Equal(5f, t[2, 1]);
        Assert.Equal(1f, t[1, 0]);
    }

    [Fact]
    public void Fortran_order_is_rearranged_into_C_order()
    {
        // The 2×3 matrix [[0, 1, 2], [3, 4, 5]] stored column by column.
        byte[] file = Npy(Dict("<f4", true, "(2, 3)"), Singles(false, 0, 3, 1, 4, 2, 5));
        using var folder = new TempFolder();

        NpyArray array = NpyFile.Read(folder.WriteBytes("f.npy", file));

        Assert.Equal([0f, 1, 2, 3, 4, 5], array.ToSingles());
    }

    [Fact]
    public void Fortran_order_of_rank_3_matches_the_index_formula()
    {
        int[] shape = [2, 3, 4];
        // Element (i, j, k) holds 100i + 10j + k; Fortran order varies i fastest.
        var fortran = new List<int>();
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 3; j++)
                for (int i = 0; i < 2; i++)
                    fortran.Add(100 * i + 10 * j + k);
        byte[] file = Npy(Dict("<i4", true, "(2, 3, 4)"), Int32s([.. fortran]));
        using var folder = new TempFolder();

        NpyArray array = NpyFile.Read(folder.WriteBytes("r3.npy", file));

        var expected = new List<long>();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    expected.Add(100 * i + 10 * j + k);
        Assert.Equal(shape, array.Shape);
        Assert.Equal(expected, array.ToInt64s());
    }

    [Fact]
    public void Big_endian_types_are_swapped()
    {
        using var folder = new TempFolder();
        string f8 = folder.WriteBytes("be8.npy", Npy(Dict(">f8", false, "(3,)"), Doubles(true, 1.5, -2.25, 1e300)));
        string f4 = folder.WriteBytes("be4.npy", Npy(Dict(">f4", false, "(2,)"), Singles(true, 0.1f, -3f)));
        var i8 = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(i8, -5);
        BinaryPrimitives.WriteInt64BigEndian(i8.AsSpan(8), 1L << 40);
        string be = folder.WriteBytes("bei8.npy", Npy(Dict(">i8", false, "(2,)"), i8));

        Assert.Equal([1.5, -2.25, 1e300], NpyFile.Read(f8).ToDoubles());
        Assert.Equal([0.1f, -3f], NpyFile.Read(f4).ToSingles());
        Assert.Equal([-5L, 1L << 40], NpyFile.Read(be).ToInt64s());
    }

    [Fact]
    public void Integer_and_bool_types_read_exactly()
    {
        using var folder = new TempFolder();
        string u1 = folder.WriteBytes("u1.npy", Npy(Dict("|u1", false, "(2, 2)"), [0, 255, 7, 128]));
        string b1 = folder.WriteBytes("b1.npy", Npy(Dict("|b1", false, "(3,)"), [1, 0, 1]));
        string i4 = folder.WriteBytes("i4.npy", Npy(Dict("<i4", false, "(2,)"), Int32s(-7, int.MaxValue)));
        string i8 = folder.WriteBytes("i8.npy", Npy(Dict("<i8", false, "(1,)"), BitConverter.GetBytes(-(1L << 60))));

        Assert.Equal([0.0, 255, 7, 128], NpyFile.Read(u1).ToDoubles());
        Assert.Equal(NpyElementType.Bool, NpyFile.Read(b1).ElementType);
        Assert.Equal([1.0, 0, 1], NpyFile.Read(b1).ToDoubles());
        Assert.Equal([-7L, int.MaxValue], NpyFile.Read(i4).ToInt64s());
        Assert.Equal([-(1L << 60)], NpyFile.Read(i8).ToInt64s());
        Assert.Throws<InvalidOperationException>(() => NpyFile.Read(folder.WriteBytes("f.npy", Npy(Dict("<f8", false, "(1,)"), Doubles(false, 1)))).ToInt64s());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Versions_2_and_3_have_a_4_byte_header_length(int major)
    {
        using var folder = new TempFolder();

        NpyArray array = NpyFile.Read(folder.WriteBytes("v.npy", Npy(Dict("<f8", false, "(1, 2)"), Doubles(false, 3, 4), major)));

        Assert.Equal([3.0, 4], array.ToDoubles());
    }

    [Fact]
    public void Scalars_empty_arrays_and_rank_8_are_read()
    {
        using var folder = new TempFolder();
        NpyArray scalar = NpyFile.Read(folder.WriteBytes("s.npy", Npy(Dict("<f8", false, "()"), Doubles(false, 42))));
        NpyArray empty = NpyFile.Read(folder.WriteBytes("e.npy", Npy(Dict("<f8", true, "(0, 3)"), [])));
        NpyArray rank8 = NpyFile.Read(folder.WriteBytes("r8.npy", Npy(Dict("|u1", true, "(1, 2, 1, 1, 1, 1, 1, 2)"), [1, 2, 3, 4])));

        Assert.Equal(0, scalar.Rank);
        Assert.Equal("()", scalar.ShapeText);
        Assert.Equal([42.0], scalar.ToDoubles());
        Assert.Equal(0, empty.Length);
        Assert.Equal([0, 3], empty.Shape);
        // Fortran (0,1,...,1,0) … (0,1,...,1,1): index 1 fastest in Fortran, last index fastest in C.
        Assert.Equal([1.0, 3, 2, 4], rank8.ToDoubles());
    }

    [Fact]
    public void Npz_members_stored_and_deflated_are_read_by_name()
    {
        using var folder = new TempFolder();
        string path = folder.PathOf("data.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Write(zip, "x.npy", Npy(Dict("<f8", false, "(2, 2)"), Doubles(false, 1, 2, 3, 4)), CompressionLevel.NoCompression);
            Write(zip, "y.npy", Npy(Dict("|u1", false, "(2,)"), [0, 1]), CompressionLevel.Optimal);
            Write(zip, "arr_0.npy", Npy(Dict(">f4", false, "(1,)"), Singles(true, 2.5f)), CompressionLevel.Fastest);
        }

        var arrays = NpyFile.ReadArchive(path);

        Assert.Equal(["x", "y", "arr_0"], arrays.Keys);
        Assert.Equal([1.0, 2, 3, 4], arrays["x"].ToDoubles());
        Assert.Equal([0.0, 1], arrays["y"].ToDoubles());
        Assert.Equal([2.5f], arrays["arr_0"].ToSingles());
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        using Stream stream = zip.CreateEntry(name, level).Open();
        stream.Write(bytes);
    }

    [Fact]
    public void A_bad_npz_member_is_named_in_the_error()
    {
        using var folder = new TempFolder();
        string path = folder.PathOf("bad.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Write(zip, "good.npy", Npy(Dict("<f8", false, "(1,)"), Doubles(false, 1)), CompressionLevel.Optimal);
            Write(zip, "broken.npy", Npy(Dict("<c16", false, "(1,)"), new byte[16]), CompressionLevel.Optimal);
        }

        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.ReadArchive(path));

        Assert.Contains("bad.npz', member 'broken.npy'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'<c16'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_named()
    {
        using var folder = new TempFolder();
        string path = folder.WriteBytes("not.npz", "hello, this is not a zip archive"u8);

        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.ReadArchive(path));

        Assert.Contains("not.npz", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", "'<c16'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, }", "'shape'")]
    [InlineData("{'descr': '<f8', 'shape': (1,), }", "'fortran_order'")]
    [InlineData("{'fortran_order': False, 'shape': (1,), }", "'descr'")]
    [InlineData("{'descr': '<f8', 'fortran_order': maybe, 'shape': (1,), }", "'fortran_order'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': ('a',), }", "'shape'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", "'shape'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1), }", "'shape'")]
    [InlineData("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", "'descr'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1, }", "'extra'")]
    [InlineData("['descr', '<f8']", "malformed")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)", "malformed")]
    public void Bad_headers_name_the_file_and_the_field(string dict, string named)
    {
        using var folder = new TempFolder();
        string path = folder.WriteBytes("bad.npy", Npy(dict, Doubles(false, 1)));

        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));

        Assert.Contains("bad.npy", ex.Message, StringComparison.Ordinal);
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_magic_unknown_version_and_short_files_are_rejected()
    {
        using var folder = new TempFolder();
        byte[] good = Npy(Dict("<f8", false, "(2, 2)"), Doubles(false, 1, 2, 3, 4));
        byte[] badMagic = [.. good];
        badMagic[1] = (byte)'X';
        byte[] badVersion = [.. good];
        badVersion[6] = 9;

        var magic = Assert.Throws<InvalidDataException>(() => NpyFile.Read(folder.WriteBytes("m.npy", badMagic)));
        var version = Assert.Throws<InvalidDataException>(() => NpyFile.Read(folder.WriteBytes("v.npy", badVersion)));
        var shortData = Assert.Throws<InvalidDataException>(() => NpyFile.Read(folder.WriteBytes("d.npy", good.AsSpan(0, good.Length - 1))));
        var shortHeader = Assert.Throws<InvalidDataException>(() => NpyFile.Read(folder.WriteBytes("h.npy", good.AsSpan(0, 40))));
        var empty = Assert.Throws<InvalidDataException>(() => NpyFile.Read(folder.WriteBytes("e.npy", [])));
        var longer = Assert.Throws<InvalidDataException>(() => NpyFile.Read(folder.WriteBytes("l.npy", [.. good, 0])));

        Assert.Contains("'" + folder.PathOf("m.npy") + "' is not an NPY file", magic.Message, StringComparison.Ordinal);
        Assert.Contains("version 9.0", version.Message, StringComparison.Ordinal);
        Assert.Contains("d.npy' is truncated", shortData.Message, StringComparison.Ordinal);
        Assert.Contains("32 data bytes but only 31", shortData.Message, StringComparison.Ordinal);
        Assert.Contains("h.npy' is truncated", shortHeader.Message, StringComparison.Ordinal);
        Assert.Contains("e.npy", empty.Message, StringComparison.Ordinal);
        Assert.Contains("l.npy' has 1 bytes after", longer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMatrix_needs_two_dimensions()
    {
        using var folder = new TempFolder();
        NpyArray array = NpyFile.Read(folder.WriteBytes("v.npy", Npy(Dict("<f8", false, "(2,)"), Doubles(false, 1, 2))));

        var ex = Assert.Throws<InvalidDataException>(() => array.ToMatrix<double>());

        Assert.Contains("v.npy' holds an array of shape (2,)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_are_reported()
    {
        Assert.Throws<FileNotFoundException>(() => NpyFile.Read("/nonexistent/x.npy"));
        Assert.Throws<FileNotFoundException>(() => NpyFile.ReadArchive("/nonexistent/x.npz"));
    }
}
