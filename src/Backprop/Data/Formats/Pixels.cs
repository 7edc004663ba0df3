using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data.Formats;

/// <summary>
/// 8-bit pixels (IDX and HDF5 image sets, stored example after example) as a matrix of values in [0, 1]: each
/// byte b becomes <c>T.CreateTruncating(b) / T.CreateTruncating(255)</c>, one correctly rounded division in T
/// (for <see cref="float"/>, NumPy's <c>x.astype(np.float32) / np.float32(255)</c>).
/// </summary>
internal static class Pixels
{
    /// <summary>
    /// Examples per tile of the transpose. A tile reads this many image rows of the source and writes a
    /// short run of this many values into each of <see cref="FeatureBlock"/> rows of X, so both sides stay
    /// in the L1 cache instead of touching a new cache line for every value written.
    /// </summary>
    private const int ExampleBlock = 64;

    /// <summary>Features per tile of the transpose (see <see cref="ExampleBlock"/>).</summary>
    private const int FeatureBlock = 32;

    /// <summary>
    /// The 256 possible quotients b / 255, each one correctly rounded division in T: a table does each division
    /// once, with results identical to dividing every pixel.
    /// </summary>
    private static void FillQuotients<T>(Span<T> scaled) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T divisor = T.CreateTruncating(255);
        for (int b = 0; b < scaled.Length; b++)
            scaled[b] = T.CreateTruncating(b) / divisor;
    }

    /// <summary>Copies [count, features] bytes into an example-major [count, features] matrix, scaled by 1/255.</summary>
    public static Matrix<T> ToRows<T>(ReadOnlySpan<byte> pixels, int features, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> scaled = stackalloc T[256];
        FillQuotients(scaled);
        var rows = new Matrix<T>(count, features);
        Span<T> target = rows.Span;
        for (int i = 0; i < target.Length; i++)
            target[i] = scaled[pixels[i]];
        return rows;
    }

    /// <summary>Transposes [count, features] bytes into X [features, count], scaled by 1/255, tile by tile.</summary>
    public static Matrix<T> ToColumns<T>(ReadOnlySpan<byte> pixels, int features, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> scaled = stackalloc T[256];
        FillQuotients(scaled);

        var x = new Matrix<T>(features, count);
        Span<T> target = x.Span;
        for (int j0 = 0; j0 < count; j0 += ExampleBlock)
        {
            int examples = Math.Min(ExampleBlock, count - j0);
            for (int i0 = 0; i0 < features; i0 += FeatureBlock)
            {
                int rows = Math.Min(FeatureBlock, features - i0);
                for (int i = i0; i < i0 + rows; i++)
                {
                    Span<T> run = target.Slice(i * count + j0, examples);
                    int source = j0 * features + i;
                    for (int j = 0; j < run.Length; j++, source += features)
                        run[j] = scaled[pixels[source]];
                }
            }
        }
        return x;
    }
}
