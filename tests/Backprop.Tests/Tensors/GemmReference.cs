using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Tests.Tensors;

/// <summary>
/// The reference the GEMM is checked against: the textbook definition, one dot product per
/// element, accumulated in double; and the error bound each result must meet.
/// </summary>
internal static class GemmReference
{
    /// <summary>
    /// Returns α·op(A)·op(B) + β·C (β = 0 ignores C) and, per element, Σ|terms| = |α|·Σₚ|a·b| + |β·c|,
    /// the scale a floating-point sum of those terms can be wrong by.
    /// </summary>
    public static (double[] Value, double[] Magnitude) Multiply<T>(bool transA, bool transB, int m, int n, int k,
        double alpha, T[] a, int lda, T[] b, int ldb, double beta, T[] c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Materialize op(A) as [m, k] and op(B)ᵀ as [n, k] so the inner loop is two contiguous rows.
        var opA = new double[m * k];
        var opBt = new double[n * k];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
                opA[i * k + p] = double.CreateTruncating(transA ? a[p * lda + i] : a[i * lda + p]);
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                opBt[j * k + p] = double.CreateTruncating(transB ? b[j * ldb + p] : b[p * ldb + j]);

        var absA = opA.Select(Math.Abs).ToArray();
        var absBt = opBt.Select(Math.Abs).ToArray();
        var value = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                // TensorPrimitives keeps the reference fast even in Debug builds; in double its
                // rounding is far below the float tolerance and well within the double one.
                double sum = TensorPrimitives.Dot<double>(opA.AsSpan(i * k, k), opBt.AsSpan(j * k, k));
                double abs = TensorPrimitives.Dot<double>(absA.AsSpan(i * k, k), absBt.AsSpan(j * k, k));
                double old = beta == 0 ? 0 : beta * double.CreateTruncating(c[i * ldc + j]);
                value[i * n + j] = alpha * sum + old;
                magnitude[i * n + j] = Math.Abs(alpha) * abs + Math.Abs(old);
            }
        }
        return (value, magnitude);
    }

    /// <summary>
    /// Asserts that C matches the reference within a relative tolerance of the element's term
    /// magnitude — (k + 2) roundings of the element type, the classical bound for a k-term dot
    /// product plus the α and β updates — with an absolute floor for sums that cancel to zero.
    /// </summary>
    public static void AssertClose<T>(double[] expected, double[] magnitude, T[] actual, int m, int n, int ldc, int k, string context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eps = Unit<T>();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double got = double.CreateTruncating(actual[i * ldc + j]);
                double want = expected[i * n + j];
                double tolerance = (k + 2) * eps * magnitude[i * n + j] + 1e-30;
                if (!(Math.Abs(got - want) <= tolerance))
                    Assert.Fail($"{context}: C[{i}, {j}] = {got:R}, expected {want:R} (tolerance {tolerance:G3}).");
            }
        }
    }

    /// <summary>The unit roundoff of <typeparamref name="T"/>: 2⁻²⁴ for float, 2⁻⁵³ for double.</summary>
    public static double Unit<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53);

    /// <summary>Uniform values in [−1, 1).</summary>
    public static T[] Random<T>(Random random, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new T[length];
        for (int i = 0; i < data.Length; i++)
            data[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        return data;
    }
}
