using System.Numerics;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// General matrix multiply: <c>C = α·op(A)·op(B) + β·C</c> on row-major matrices.
/// </summary>
/// <remarks>
/// The three variants the course's equations need are NN (Z = W·A_prev), NT (dW = dZ·A_prevᵀ) and
/// TN (dA_prev = Wᵀ·dZ); TT is supported for completeness.
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// Computes <c>C = α·op(A)·op(B) + β·C</c>. When β is zero, C's previous contents are ignored
    /// (NaN in C does not propagate).
    /// </summary>
    /// <exception cref="ShapeMismatchException">The inner dimensions differ, or C does not have the product's shape.</exception>
    public static void Multiply<T>(T alpha, Matrix<T> a, MatrixOp opA, Matrix<T> b, MatrixOp opB, T beta, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        int m = opA == MatrixOp.None ? a.Rows : a.Columns;
        int k = opA == MatrixOp.None ? a.Columns : a.Rows;
        int kb = opB == MatrixOp.None ? b.Rows : b.Columns;
        int n = opB == MatrixOp.None ? b.Columns : b.Rows;
        if (k != kb)
            throw new ShapeMismatchException($"Matrix product: op(A) is [{m}, {k}] but op(B) is [{kb}, {n}]; the inner dimensions {k} and {kb} differ.");
        if (c.Rows != m || c.Columns != n)
            throw new ShapeMismatchException($"Matrix product: op(A)·op(B) is [{m}, {n}] but C is {c.ShapeText}.");
        Compute(opA == MatrixOp.Transpose, opB == MatrixOp.Transpose, m, n, k, alpha, a.Span, a.Columns, b.Span, b.Columns, beta, c.Span, c.Columns);
    }

    /// <summary>Convenience form of <see cref="Multiply{T}(T, Matrix{T}, MatrixOp, Matrix{T}, MatrixOp, T, Matrix{T})"/>: C = op(A)·op(B).</summary>
    public static void Multiply<T>(Matrix<T> a, MatrixOp opA, Matrix<T> b, MatrixOp opB, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Multiply(T.One, a, opA, b, opB, T.Zero, c);

    /// <summary>
    /// Span-level entry point: A is stored row-major with leading dimension <paramref name="lda"/>
    /// (its row stride) as [m, k] (or [k, m] when <paramref name="transA"/>), B likewise as [k, n]
    /// (or [n, k]), C as [m, n].
    /// </summary>
    internal static void Compute<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Placeholder reference implementation; replaced by the packed, blocked kernel.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T x = transA ? a[p * lda + i] : a[i * lda + p];
                    T y = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                }
                ref T target = ref c[i * ldc + j];
                target = beta == T.Zero ? alpha * sum : alpha * sum + beta * target;
            }
        }
    }
}
