using Backprop.Tensors;

namespace Backprop.Tests;

public class MatrixTests
{
    [Fact]
    public void Reshape_within_capacity_keeps_buffer_and_rejects_larger_shapes()
    {
        var m = new Matrix<float>(4, 10);
        m.Reshape(4, 7);
        Assert.Equal(28, m.Length);
        Assert.Equal(40, m.Capacity);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => m.Reshape(5, 9));
        Assert.Contains("[5, 9]", ex.Message);
    }

    [Fact]
    public void Indexer_is_row_major_and_bounds_checked()
    {
        var m = Matrix<double>.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(6.0, m[1, 2]);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, m.Span.ToArray());
        Assert.Throws<IndexOutOfRangeException>(() => m[2, 0]);
    }

    [Fact]
    public unsafe void Large_buffers_start_on_a_cache_line_and_stay_there()
    {
        // Large-object heap buffers are not moved by collections, so the alignment lasts; the slack never shows in the shape.
        var m = new Matrix<float>(200, 784);
        var d = new Matrix<double>(300, 100);
        for (int i = 0; i < 3; i++)
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        fixed (float* first = m.Span)
            Assert.Equal(0, (long)first % 64);
        fixed (double* first = d.Span)
            Assert.Equal(0, (long)first % 64);
        Assert.Equal(200 * 784, m.Capacity);
        Assert.Equal(200 * 784, m.Length);
        m[199, 783] = 5;
        Assert.Equal(5f, m.Span[^1]);
        Assert.Equal(5f, m.Row(199)[783]);
    }

    [Fact]
    public void A_wrapped_array_is_used_as_it_is()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6, 7 };
        var m = new Matrix<float>(2, 3, data);
        m[0, 0] = 10;
        Assert.Equal(10f, data[0]);
        Assert.Equal(7, m.Capacity);
        Assert.Equal(new float[] { 10, 2, 3, 4, 5, 6 }, m.Span.ToArray());
    }
}
