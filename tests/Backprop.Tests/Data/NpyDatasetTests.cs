using System.Buffers.Binary;
using System.Text;
using Backprop.Data.Formats;

namespace Backprop.Tests.Data;

public class NpyDatasetTests
{
    private static NpyArray Array(TempFolder folder, string name, string descr, string shape, byte[] data)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        string header = dict + new string(' ', (64 - (10 + dict.Length + 1) % 64) % 64) + "\n";
        byte[] file = [0x93, .. "NUMPY"u8, 1, 0, .. BitConverter.GetBytes((ushort)header.Length), .. Encoding.Latin1.GetBytes(header), .. data];
        return NpyFile.Read(folder.WriteBytes(name, file));
    }

    private static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }

    private static byte[] Int64s(params long[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    [Fact]
    public void Rows_are_examples_unless_the_label_count_says_columns()
    {
        using var folder = new TempFolder();
        // (3, 2): three examples of two features, or — with two labels — two examples of three features.
        var x = Array(folder, "x.npy", "<f8", "(3, 2)", Doubles(1, 2, 3, 4, 5, 6));

        var rows = NpyDataset.FromArrays<double>(x, Array(folder, "y3.npy", "<i8", "(3,)", Int64s(0, 1, 0)));
        Assert.Equal("[2, 3]", rows.X.ShapeText);
        Assert.Equal([1.0, 3, 5], rows.X.Row(0).ToArray());
        Assert.Equal([0.0, 1, 0], rows.Y.Span.ToArray());

        var columns = NpyDataset.FromArrays<double>(x, Array(folder, "y2.npy", "<i8", "(1, 2)", Int64s(1, 0)));
        Assert.Equal("[3, 2]", columns.X.ShapeText);
        Assert.Equal([1.0, 2], columns.X.Row(0).ToArray());

        // Without labels the model's input size decides.
        Assert.Equal("[3, 2]", NpyDataset.FromArrays<double>(x, null, features: 3).X.ShapeText);
        Assert.Equal("[0, 3]", NpyDataset.FromArrays<double>(x, null, features: 2).Y.ShapeText);
    }

    [Fact]
    public void Uint8_images_are_flattened_in_C_order_and_scaled()
    {
        using var folder = new TempFolder();
        var x = Array(folder, "x.npy", "|u1", "(2, 1, 2, 3)", [0, 51, 102, 153, 204, 255, 1, 2, 3, 4, 5, 6]);

        var set = NpyDataset.FromArrays<float>(x, Array(folder, "y.npy", "<i8", "(2, 1)", Int64s(1, 0)));

        Assert.Equal(new Backprop.Data.Augmentation.ImageShape(1, 2, 3), NpyDataset.ImageShapeOf(x));
        Assert.Equal("[6, 2]", set.X.ShapeText);
        Assert.Equal([0f, 51 / 255f, 102 / 255f, 153 / 255f, 204 / 255f, 1f], Enumerable.Range(0, 6).Select(i => set.X[i, 0]));
        Assert.Equal([1f, 0f], set.Y.Span.ToArray());
        Assert.Null(NpyDataset.ImageShapeOf(Array(folder, "t.npy", "<f8", "(1, 1)", Doubles(1))));
    }

    [Fact]
    public void Mismatched_shapes_name_the_array_and_its_shape()
    {
        using var folder = new TempFolder();
        var x = Array(folder, "x.npy", "<f8", "(3, 2)", Doubles(1, 2, 3, 4, 5, 6));
        var ex = Assert.Throws<InvalidDataException>(() => NpyDataset.FromArrays<double>(x, Array(folder, "y.npy", "<i8", "(4,)", Int64s(0, 1, 0, 1))));
        Assert.Contains("x.npy' has shape (3, 2), which fits neither (m, n) nor (n, m) for 4 labels", ex.Message);

        ex = Assert.Throws<InvalidDataException>(() => NpyDataset.FromArrays<double>(x, null, features: 5));
        Assert.Contains("for 5 features", ex.Message);
    }
}
