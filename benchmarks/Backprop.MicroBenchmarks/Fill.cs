using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.MicroBenchmarks;

/// <summary>Matrices of uniform values in [−0.5, 0.5) from a fixed seed, so every run measures the same data.</summary>
internal static class Fill
{
    public static Matrix<float> Uniform(int rows, int columns, ulong seed)
    {
        var random = new FastRandom(seed);
        var m = new Matrix<float>(rows, columns);
        var span = m.Span;
        for (int i = 0; i < span.Length; i++)
            span[i] = (float)(random.NextUInt32() / 4294967296.0 - 0.5);
        return m;
    }
}
