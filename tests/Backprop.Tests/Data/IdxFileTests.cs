using System.Buffers.Binary;
using System.IO.Compression;
using Backprop.Data;
using Backprop.Data.Formats;
using Backprop.Tensors;

namespace Backprop.Tests.Data;

/// <summary>Writes IDX files byte by byte from the format's definition, independently of the reader.</summary>
internal static class IdxBytes
{
    /// <summary>Two zero bytes, the type code, the rank, big-endian sizes, then <paramref name="data"/>.</summary>
    public static byte[] File(byte typeCode, int[] dimensions, ReadOnlySpan<byte> data)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + data.Length];
        bytes[2] = typeCode;
        bytes[3] = (byte)dimensions.Length;
        for (int k = 0; k < dimensions.Length; k++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * k), dimensions[k]);
        data.CopyTo(bytes.AsSpan(4 + 4 * dimensions.Length));
        return bytes;
    }

    public static byte[] UInt8(int[] dimensions, params byte[] data) => File(0x08, dimensions, data);

    public static byte[] Gzip(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Optimal))
            zip.Write(bytes);
        return compressed.ToArray();
    }

    /// <summary>The whole decompressed contents of a gzip file.</summary>
    public static byte[] Gunzip(string path)
    {
        using var zip = new GZipStream(System.IO.File.OpenRead(path), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        zip.CopyTo(plain);
        return plain.ToArray();
    }
}

public class IdxFileTests
{
    // Two 2 × 3 images.
    private static readonly byte[] Pixels = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Uint8_file_gives_its_type_dimensions_and_bytes_plain_or_gzipped(bool gzip)
    {
        using var temp = new TempFolder();
        byte[] bytes = IdxBytes.UInt8([2, 2, 3], Pixels);
        string path = temp.WriteBytes(gzip ? "x.gz" : "x", gzip ? IdxBytes.Gzip(bytes) : bytes);

        IdxArray array = IdxFile.Read(path);

        Assert.Equal(IdxElementType.UInt8, array.ElementType);
        Assert.Equal([2, 2, 3], array.Dimensions);
        Assert.Equal(3, array.Rank);
        Assert.Equal(12, array.Length);
        Assert.Equal(Pixels, array.RawData.ToArray());
        Assert.Equal(253.0, array[9]);
        Assert.Equal("uint8 (2, 2, 3)", array.Description);
        Assert.Equal(path, array.Path);
    }

    [Fact]
    public void A_vector_prints_its_shape_as_NumPy_does()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("labels", IdxBytes.UInt8([3], 7, 0, 9));

        IdxArray array = IdxFile.Read(path);

        Assert.Equal("uint8 (3,)", array.Description);
        Assert.Equal([7.0, 0, 9], array.ToDoubles());
    }

    [Fact]
    public void Signed_bytes_are_read_as_twos_complement()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("s8", IdxBytes.File(0x09, [4], [0xFF, 0x7F, 0x80, 0x00]));

        IdxArray array = IdxFile.Read(path);

        Assert.Equal(IdxElementType.Int8, array.ElementType);
        Assert.Equal([-1.0, 127, -128, 0], array.ToDoubles());
    }

    [Fact]
    public void Int16_values_are_big_endian()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("s16", IdxBytes.File(0x0B, [1, 3], [0xFF, 0xFE, 0x01, 0x2C, 0x80, 0x00]));

        IdxArray array = IdxFile.Read(path);

        Assert.Equal(IdxElementType.Int16, array.ElementType);
        Assert.Equal([-2.0, 300, -32768], array.ToDoubles());
        Assert.True(array.IsInteger);
    }

    [Fact]
    public void Int32_values_are_big_endian()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("s32", IdxBytes.File(0x0C, [2], [0x00, 0x01, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00]));

        Assert.Equal([65536.0, int.MinValue], IdxFile.Read(path).ToDoubles());
    }

    [Fact]
    public void Float32_values_are_big_endian_IEEE_754()
    {
        using var temp = new TempFolder();
        // 1.5f = 0x3FC00000, -0.25f = 0xBE800000
        string path = temp.WriteBytes("f32", IdxBytes.File(0x0D, [2], [0x3F, 0xC0, 0x00, 0x00, 0xBE, 0x80, 0x00, 0x00]));

        IdxArray array = IdxFile.Read(path);

        Assert.Equal(IdxElementType.Float32, array.ElementType);
        Assert.False(array.IsInteger);
        Assert.Equal([1.5, -0.25], array.ToDoubles());
    }

    [Fact]
    public void Float64_values_are_big_endian_IEEE_754()
    {
        using var temp = new TempFolder();
        // 0.1 = 0x3FB999999999999A
        string path = temp.WriteBytes("f64", IdxBytes.File(0x0E, [1, 1, 1], [0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A]));

        IdxArray array = IdxFile.Read(path);

        Assert.Equal(IdxElementType.Float64, array.ElementType);
        Assert.Equal(0.1, array[0]);
    }

    [Fact]
    public void A_zero_size_gives_an_empty_array()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("empty", IdxBytes.UInt8([0, 28, 28]));

        IdxArray array = IdxFile.Read(path);

        Assert.Equal(0, array.Length);
        Assert.Equal([0, 28, 28], array.Dimensions);
    }

    [Fact]
    public void The_indexer_rejects_an_index_past_the_end()
    {
        using var temp = new TempFolder();
        IdxArray array = IdxFile.Read(temp.WriteBytes("v", IdxBytes.UInt8([2], 1, 2)));

        Assert.Throws<ArgumentOutOfRangeException>(() => array[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => array[-1]);
    }

    [Fact]
    public void Missing_file_throws_FileNotFoundException_with_the_path()
    {
        using var temp = new TempFolder();
        string path = temp.PathOf("absent-idx3-ubyte.gz");

        var ex = Assert.Throws<FileNotFoundException>(() => IdxFile.Read(path));
        Assert.Equal(path, ex.FileName);
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x00, 0x08, 0x01, 0, 0, 0, 0 }, "starts with 0x01 0x00")]
    [InlineData(new byte[] { 0x00, 0x20, 0x08, 0x01, 0, 0, 0, 0 }, "starts with 0x00 0x20")]
    [InlineData(new byte[] { (byte)'h', (byte)'i', (byte)'!', (byte)'\n' }, "starts with 0x68 0x69")]
    public void A_file_without_the_two_zero_bytes_is_not_an_IDX_file(byte[] bytes, string expected)
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("notidx", bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' is not an IDX file", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_file_shorter_than_four_bytes_is_too_short(bool gzip)
    {
        using var temp = new TempFolder();
        byte[] bytes = [0, 0, 8];
        string path = temp.WriteBytes("short", gzip ? IdxBytes.Gzip(bytes) : bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' is too short to be an IDX file", ex.Message);
        Assert.Contains(gzip ? "decompresses to 3 bytes" : "has 3 bytes", ex.Message);
    }

    [Fact]
    public void An_empty_file_is_too_short()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("empty", []);

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' is too short", ex.Message);
    }

    [Theory]
    [InlineData(0x07)]
    [InlineData(0x0A)]
    [InlineData(0x0F)]
    [InlineData(0x00)]
    public void An_unknown_type_code_is_rejected_with_the_code(byte code)
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("type", IdxBytes.File(code, [1], [0, 0, 0, 0, 0, 0, 0, 0]));

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains($"unknown IDX element type code 0x{code:X2}", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(255)]
    public void A_dimension_count_outside_1_to_8_is_rejected(int rank)
    {
        using var temp = new TempFolder();
        var bytes = new byte[4 + 4 * rank];
        bytes[2] = 0x08;
        bytes[3] = (byte)rank;
        string path = temp.WriteBytes("rank", bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' declares {rank} dimensions", ex.Message);
    }

    [Fact]
    public void Eight_dimensions_are_accepted()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("rank8", IdxBytes.UInt8([1, 1, 1, 1, 1, 1, 2, 1], 4, 5));

        Assert.Equal([4.0, 5], IdxFile.Read(path).ToDoubles());
    }

    [Fact]
    public void A_negative_size_is_rejected()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("negative", IdxBytes.UInt8([3, -1], 1, 2, 3));

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("size -1 for dimension 1", ex.Message);
    }

    [Theory]
    [InlineData(0x08, new[] { 60000, 60000, 60000 }, "uint8 (60000, 60000, 60000)")]
    [InlineData(0x0E, new[] { 1 << 28 }, "float64 (268435456)")]
    [InlineData(0x0C, new[] { int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue }, "int32 (")]
    public void Sizes_too_large_for_one_array_are_rejected_before_allocating(byte typeCode, int[] dimensions, string expected)
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("huge", IdxBytes.File(typeCode, dimensions, [1, 2, 3]));

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains(expected, ex.Message);
        Assert.Contains("more data than one array can hold", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Data_shorter_than_the_header_promises_is_truncated(bool gzip)
    {
        using var temp = new TempFolder();
        byte[] bytes = IdxBytes.UInt8([2, 2, 3], Pixels.AsSpan(0, 7).ToArray());
        string path = temp.WriteBytes("cut", gzip ? IdxBytes.Gzip(bytes) : bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' is truncated: expected 12 bytes of data, found 7", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_header_cut_inside_the_sizes_is_truncated(bool gzip)
    {
        using var temp = new TempFolder();
        byte[] bytes = IdxBytes.UInt8([2, 2, 3]).AsSpan(0, 10).ToArray();
        string path = temp.WriteBytes("cut", gzip ? IdxBytes.Gzip(bytes) : bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' is truncated: its header declares 3 dimensions and needs 16 bytes", ex.Message);
        Assert.Contains("10", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Data_longer_than_the_header_promises_is_rejected(bool gzip)
    {
        using var temp = new TempFolder();
        byte[] bytes = IdxBytes.UInt8([2, 3], Pixels);
        string path = temp.WriteBytes("long", gzip ? IdxBytes.Gzip(bytes) : bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' has 6 bytes after the 6 bytes of data its header describes", ex.Message);
    }

    [Fact]
    public void A_gzip_file_with_an_invalid_deflate_block_is_corrupt()
    {
        using var temp = new TempFolder();
        // A valid gzip member header, then 0xFF: a final block of the reserved block type 3.
        byte[] bytes = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        string path = temp.WriteBytes("corrupt.gz", bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' is not valid gzip data", ex.Message);
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }

    [Fact]
    public void A_gzip_file_whose_checksum_does_not_match_is_corrupt()
    {
        using var temp = new TempFolder();
        byte[] bytes = IdxBytes.Gzip(IdxBytes.UInt8([2, 2, 3], Pixels));
        bytes[^8] ^= 0x01; // the CRC-32 of the trailer
        string path = temp.WriteBytes("crc.gz", bytes);

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' is not valid gzip data", ex.Message);
    }

    [Fact]
    public void A_gzip_file_cut_in_half_is_reported_with_the_file_name()
    {
        using var temp = new TempFolder();
        var data = new byte[5000];
        new Random(7).NextBytes(data);
        byte[] bytes = IdxBytes.Gzip(IdxBytes.UInt8([5, 1000], data));
        string path = temp.WriteBytes("half.gz", bytes.AsSpan(0, bytes.Length / 2));

        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));
        Assert.Contains($"'{path}' is truncated: expected 5000 bytes of data, found ", ex.Message);
    }
}

public class IdxDatasetTests
{
    // Three 2 × 2 images; image j's pixel (r, c) is at 4j + 2r + c.
    private static readonly byte[] Pixels = [0, 51, 102, 255, 1, 2, 3, 4, 200, 100, 50, 25];

    [Fact]
    public void Images_become_columns_scaled_by_1_over_255_and_labels_one_hot()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 2, 2], Pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([3], 2, 0, 9));

        Dataset<float> set = IdxDataset.Read<float>(images, labels);

        Assert.Equal("[4, 3]", set.X.ShapeText);
        Assert.Equal("[10, 3]", set.Y.ShapeText);
        float[,] expectedX =
        {
            { 0f, 1 / 255f, 200 / 255f },
            { 51 / 255f, 2 / 255f, 100 / 255f },
            { 102 / 255f, 3 / 255f, 50 / 255f },
            { 1f, 4 / 255f, 25 / 255f },
        };
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(expectedX[i, j], set.X[i, j]);
        Assert.Equal(0.2f, set.X[1, 0]); // 51 / 255 is exactly 1/5, rounded to float once
        for (int c = 0; c < 10; c++)
        {
            Assert.Equal(c == 2 ? 1f : 0f, set.Y[c, 0]);
            Assert.Equal(c == 0 ? 1f : 0f, set.Y[c, 1]);
            Assert.Equal(c == 9 ? 1f : 0f, set.Y[c, 2]);
        }
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], set.ClassNames);
    }

    [Fact]
    public void Double_pixels_are_the_double_quotient()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images.gz", IdxBytes.Gzip(IdxBytes.UInt8([3, 2, 2], Pixels)));
        string labels = temp.WriteBytes("labels.gz", IdxBytes.Gzip(IdxBytes.UInt8([3], 1, 0, 1)));

        Dataset<double> set = IdxDataset.Read<double>(images, labels, classes: 2);

        for (int j = 0; j < 3; j++)
            for (int p = 0; p < 4; p++)
                Assert.Equal(Pixels[4 * j + p] / 255.0, set.X[p, j]);
        Assert.Equal(["0", "1"], set.ClassNames);
        Assert.Equal("[2, 3]", set.Y.ShapeText);
    }

    [Fact]
    public void Without_one_hot_Y_is_a_row_of_class_indices()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 2, 2], Pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([3], 2, 0, 9));

        Dataset<float> set = IdxDataset.Read<float>(images, labels, oneHot: false);

        Assert.Equal("[1, 3]", set.Y.ShapeText);
        Assert.Equal([2f, 0f, 9f], set.Y.Span.ToArray());
    }

    [Fact]
    public void Supplied_class_names_name_the_labels_and_set_the_class_count()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 2, 2], Pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([3], 2, 0, 1));

        Dataset<float> set = IdxDataset.Read<float>(images, labels, ["cat", "dog", "bird"]);

        Assert.Equal(["cat", "dog", "bird"], set.ClassNames);
        Assert.Equal("[3, 3]", set.Y.ShapeText);
        Assert.Equal(1f, set.Y[2, 0]);
    }

    [Fact]
    public void Signed_integer_labels_are_accepted()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 2, 2], Pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.File(0x0C, [3], [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2]));

        Dataset<float> set = IdxDataset.Read<float>(images, labels, classes: 3, oneHot: false);

        Assert.Equal([1f, 0f, 2f], set.Y.Span.ToArray());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(63, 31)]
    [InlineData(65, 33)]
    [InlineData(150, 7 * 9)]
    [InlineData(128, 64)]
    public void The_blocked_transpose_matches_an_element_by_element_transpose(int count, int features)
    {
        using var temp = new TempFolder();
        var pixels = new byte[count * features];
        new Random(count * 1000 + features).NextBytes(pixels);
        var labelBytes = new byte[count];
        string images = temp.WriteBytes("images", IdxBytes.UInt8([count, 1, features], pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([count], labelBytes));

        Matrix<float> x = IdxDataset.Read<float>(images, labels).X;

        Assert.Equal($"[{features}, {count}]", x.ShapeText);
        for (int j = 0; j < count; j++)
            for (int i = 0; i < features; i++)
                if (x[i, j] != pixels[j * features + i] / 255f)
                    Assert.Fail($"X[{i}, {j}] is {x[i, j]}; the byte is {pixels[j * features + i]}.");
    }

    [Fact]
    public void Different_image_and_label_counts_name_both_files_and_counts()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 2, 2], Pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([2], 0, 1));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Read<float>(images, labels));
        Assert.Contains($"'{images}' holds 3 images", ex.Message);
        Assert.Contains($"'{labels}' holds 2 labels", ex.Message);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(255, 10)]
    [InlineData(3, 3)]
    public void A_label_outside_the_classes_names_the_file_value_and_example(byte label, int classes)
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 2, 2], Pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([3], 0, 1, label));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Read<float>(images, labels, classes));
        Assert.Contains($"'{labels}': label {label} of example 2 is outside [0, {classes})", ex.Message);
    }

    [Fact]
    public void A_negative_label_is_outside_the_classes()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 2, 2], Pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.File(0x09, [3], [0, 0xFF, 1]));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Read<float>(images, labels));
        Assert.Contains($"'{labels}': label -1 of example 1", ex.Message);
    }

    [Fact]
    public void Images_that_are_not_3_D_are_rejected_with_their_shape()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 4], Pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([3], 0, 1, 2));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Read<float>(images, labels));
        Assert.Contains($"'{images}': an image file must hold a 3-D uint8 array", ex.Message);
        Assert.Contains("found uint8 (3, 4)", ex.Message);
    }

    [Fact]
    public void Images_that_are_not_uint8_are_rejected_with_their_type()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.File(0x0D, [1, 1, 2], new byte[8]));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([1], 0));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Read<float>(images, labels));
        Assert.Contains($"'{images}'", ex.Message);
        Assert.Contains("found float32 (1, 1, 2)", ex.Message);
    }

    [Fact]
    public void Labels_that_are_not_1_D_are_rejected_with_their_shape()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([3, 2, 2], Pixels));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([3, 1], 0, 1, 2));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Read<float>(images, labels));
        Assert.Contains($"'{labels}': a label file must hold a 1-D array of integers", ex.Message);
        Assert.Contains("found uint8 (3, 1)", ex.Message);
    }

    [Fact]
    public void Floating_point_labels_are_rejected()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([1, 2, 2], 1, 2, 3, 4));
        string labels = temp.WriteBytes("labels", IdxBytes.File(0x0E, [1], new byte[8]));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Read<float>(images, labels));
        Assert.Contains("found float64 (1,)", ex.Message);
    }

    [Fact]
    public void An_empty_image_file_with_huge_image_sizes_is_rejected()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([0, 100000, 100000]));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([0]));

        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.Read<float>(images, labels));
        Assert.Contains($"'{images}': images of 100000 × 100000 pixels are too large", ex.Message);
    }

    [Fact]
    public void An_empty_pair_of_files_gives_an_empty_set()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([0, 28, 28]));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([0]));

        Dataset<float> set = IdxDataset.Read<float>(images, labels);

        Assert.Equal("[784, 0]", set.X.ShapeText);
        Assert.Equal("[10, 0]", set.Y.ShapeText);
    }

    [Fact]
    public void A_missing_image_file_is_reported_by_path()
    {
        using var temp = new TempFolder();
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([1], 0));
        string images = temp.PathOf("images");

        var ex = Assert.Throws<FileNotFoundException>(() => IdxDataset.Read<float>(images, labels));
        Assert.Equal(images, ex.FileName);
    }

    [Fact]
    public void Fewer_than_two_classes_are_rejected()
    {
        using var temp = new TempFolder();
        string images = temp.WriteBytes("images", IdxBytes.UInt8([1, 1, 1], 1));
        string labels = temp.WriteBytes("labels", IdxBytes.UInt8([1], 0));

        Assert.Throws<ArgumentOutOfRangeException>(() => IdxDataset.Read<float>(images, labels, classes: 1));
        Assert.Throws<ArgumentException>(() => IdxDataset.Read<float>(images, labels, ["only"]));
    }
}

/// <summary>Fashion-MNIST loaded once for all tests of <see cref="FashionMnistIdxTests"/>, when it is present.</summary>
public sealed class FashionMnistFixture
{
    public FashionMnistFixture()
    {
        Folder = FashionMnist.Locate();
        if (Folder is null)
            return;
        Train = FashionMnist.LoadTrain<float>(Folder);
        Test = FashionMnist.LoadTest<float>(Folder);
    }

    public string? Folder { get; }

    public Dataset<float>? Train { get; }

    public Dataset<float>? Test { get; }

    /// <summary>The folder; skips the calling test when Fashion-MNIST is not installed.</summary>
    public string RequireFolder()
    {
        if (Folder is null)
            Assert.Skip($"Fashion-MNIST not found (install Debian's dataset-fashion-mnist into '{FashionMnist.DebianFolder}' or set {FashionMnist.EnvironmentVariable}).");
        return Folder;
    }

    /// <summary>The raw decompressed bytes of one of the four files, read without the library.</summary>
    public byte[] Raw(string fileName)
    {
        string plain = Path.Combine(RequireFolder(), fileName);
        return File.Exists(plain) ? File.ReadAllBytes(plain) : IdxBytes.Gunzip(plain + ".gz");
    }
}

public class FashionMnistIdxTests(FashionMnistFixture data) : IClassFixture<FashionMnistFixture>
{
    [Fact]
    public void Train_has_60000_examples_of_784_pixels_6000_per_class()
    {
        data.RequireFolder();
        Dataset<float> train = data.Train!;

        Assert.Equal("[784, 60000]", train.X.ShapeText);
        Assert.Equal("[10, 60000]", train.Y.ShapeText);
        int[] counts = new int[10];
        foreach (int label in OneHot.ArgMax(train.Y))
            counts[label]++;
        Assert.All(counts, count => Assert.Equal(6000, count));
        Assert.Equal(60000f, train.Y.Span.ToArray().Sum());
    }

    [Fact]
    public void Test_has_10000_examples_1000_per_class()
    {
        data.RequireFolder();
        Dataset<float> test = data.Test!;

        Assert.Equal("[784, 10000]", test.X.ShapeText);
        Assert.Equal("[10, 10000]", test.Y.ShapeText);
        int[] counts = new int[10];
        foreach (int label in OneHot.ArgMax(test.Y))
            counts[label]++;
        Assert.All(counts, count => Assert.Equal(1000, count));
    }

    [Fact]
    public void The_first_training_example_is_an_ankle_boot()
    {
        data.RequireFolder();
        byte[] raw = data.Raw(FashionMnist.TrainLabelsFile);

        Assert.Equal(9, raw[8]);
        Assert.Equal(1f, data.Train!.Y[9, 0]);
        Assert.Equal("Ankle boot", data.Train.ClassNames[OneHot.ArgMax(data.Train.Y)[0]]);
        Assert.Equal(["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"], data.Train.ClassNames);
    }

    [Theory]
    [InlineData(FashionMnist.TrainLabelsFile, true)]
    [InlineData(FashionMnist.TestLabelsFile, false)]
    public void Labels_equal_the_raw_label_bytes(string fileName, bool train)
    {
        data.RequireFolder();
        byte[] raw = data.Raw(fileName);
        Dataset<float> set = train ? data.Train! : data.Test!;

        int[] labels = OneHot.ArgMax(set.Y);
        Assert.Equal(raw.Length - 8, labels.Length);
        for (int j = 0; j < labels.Length; j++)
            if (labels[j] != raw[8 + j])
                Assert.Fail($"Label {j} is {labels[j]}; the raw byte is {raw[8 + j]}.");
    }

    [Fact]
    public void Training_pixels_equal_the_raw_bytes_over_255_at_spot_checks()
    {
        data.RequireFolder();
        byte[] raw = data.Raw(FashionMnist.TrainImagesFile);
        Dataset<float> train = data.Train!;

        Assert.Equal(16 + 60000 * 784, raw.Length);
        (int Example, int Pixel)[] spots = [(0, 0), (0, 783), (0, 14 * 28 + 14), (1, 400), (12345, 500), (30000, 28 * 10 + 3), (59999, 783), (59999, 392)];
        int nonZero = 0;
        foreach ((int j, int p) in spots)
        {
            byte b = raw[16 + j * 784 + p];
            nonZero += b == 0 ? 0 : 1;
            Assert.Equal(b / 255f, train.X[p, j]);
        }
        Assert.True(nonZero > 0, "The spot checks should include lit pixels, not only background.");
    }

    [Fact]
    public void All_test_pixels_equal_the_raw_bytes_over_255()
    {
        data.RequireFolder();
        byte[] raw = data.Raw(FashionMnist.TestImagesFile);
        Dataset<float> test = data.Test!;

        Assert.Equal(16 + 10000 * 784, raw.Length);
        for (int j = 0; j < 10000; j++)
            for (int p = 0; p < 784; p++)
                if (test.X[p, j] != raw[16 + j * 784 + p] / 255f)
                    Assert.Fail($"X[{p}, {j}] is {test.X[p, j]}; the raw byte is {raw[16 + j * 784 + p]}.");
    }

    [Fact]
    public void Class_indices_instead_of_one_hot_give_a_row()
    {
        string folder = data.RequireFolder();

        Dataset<float> test = FashionMnist.LoadTest<float>(folder, oneHot: false);

        Assert.Equal("[1, 10000]", test.Y.ShapeText);
        Assert.Equal(OneHot.ArgMax(data.Test!.Y).Select(label => (float)label), test.Y.Span.ToArray());
    }

    [Fact]
    public void Locate_returns_a_folder_holding_all_four_files()
    {
        string folder = data.RequireFolder();

        Assert.Equal(folder, FashionMnist.Locate(folder));
    }
}

public class FashionMnistIdxLocateTests
{
    [Fact]
    public void Locate_prefers_the_given_folder_when_it_holds_the_four_files_plain_or_gzipped()
    {
        using var temp = new TempFolder();
        temp.WriteBytes("train-images-idx3-ubyte.gz", []);
        temp.WriteBytes("train-labels-idx1-ubyte", []);
        temp.WriteBytes("t10k-images-idx3-ubyte", []);
        temp.WriteBytes("t10k-labels-idx1-ubyte.gz", []);

        Assert.Equal(temp.FullName, FashionMnist.Locate(temp.FullName));
    }

    [Fact]
    public void Locate_passes_over_a_folder_missing_one_file()
    {
        using var temp = new TempFolder();
        temp.WriteBytes("train-images-idx3-ubyte.gz", []);
        temp.WriteBytes("train-labels-idx1-ubyte.gz", []);
        temp.WriteBytes("t10k-images-idx3-ubyte.gz", []);

        Assert.NotEqual(temp.FullName, FashionMnist.Locate(temp.FullName));
    }

    [Fact]
    public void Loading_from_a_folder_without_the_files_names_the_file_and_folder()
    {
        using var temp = new TempFolder();

        var ex = Assert.Throws<FileNotFoundException>(() => FashionMnist.LoadTrain<float>(temp.FullName));
        Assert.Contains("train-images-idx3-ubyte", ex.Message);
        Assert.Contains(temp.FullName, ex.Message);
    }

    [Fact]
    public void The_plain_file_is_used_when_both_plain_and_gzip_are_present()
    {
        using var temp = new TempFolder();
        temp.WriteBytes("t10k-images-idx3-ubyte", IdxBytes.UInt8([1, 1, 2], 0, 255));
        temp.WriteBytes("t10k-images-idx3-ubyte.gz", [1, 2, 3]);
        temp.WriteBytes("t10k-labels-idx1-ubyte.gz", IdxBytes.Gzip(IdxBytes.UInt8([1], 8)));

        Dataset<double> test = FashionMnist.LoadTest<double>(temp.FullName);

        Assert.Equal([0.0, 1.0], test.X.Span.ToArray());
        Assert.Equal(1.0, test.Y[8, 0]);
        Assert.Equal("Bag", test.ClassNames[8]);
    }
}
