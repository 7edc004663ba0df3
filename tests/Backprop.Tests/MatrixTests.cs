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
}
