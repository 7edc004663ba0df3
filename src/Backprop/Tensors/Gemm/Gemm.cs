using System.Numerics;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// General matrix multiply: <c>C = α·op(A)·op(B) + β·C</c> on row-major matrices.
/// </summary>
/// <remarks>
/// <para>The three variants the course's equations need are NN (Z = W·A_prev), NT (dW = dZ·A_prevᵀ) and
/// TN (dA_prev = Wᵀ·dZ); TT is supported for completeness.</para>
/// <para>Implemented for <see cref="float"/> and <see cref="double"/>. Blocks of A and B are packed
/// into cache-sized panels (transposes are resolved while packing) and multiplied by a
/// register-blocked AVX-512, AVX2 or 128-bit SIMD kernel, chosen at run time. Products large enough to
/// pay for it are split across <see cref="Environment.ProcessorCount"/> threads of a persistent pool;
/// each thread computes whole elements of C, so results are bit-identical whatever the thread count
/// and from one call to the next. Repeated calls allocate nothing.</para>
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// Computes <c>C = α·op(A)·op(B) + β·C</c>. When β is zero, C's previous contents are ignored
    /// (NaN in C does not propagate); when α is zero, A and B are not read.
    /// </summary>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, used as op(A) = A or Aᵀ.</param>
    /// <param name="opA">How A enters the product.</param>
    /// <param name="b">B, used as op(B) = B or Bᵀ.</param>
    /// <param name="opB">How B enters the product.</param>
    /// <param name="beta">Scale of C's previous contents.</param>
    /// <param name="c">The result, shaped like op(A)·op(B); a different matrix from A and B.</param>
    /// <exception cref="ShapeMismatchException">The inner dimensions differ, or C does not have the product's shape.</exception>
    /// <exception cref="ArgumentException">C is the same matrix as A or B.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Multiply<T>(T alpha, Matrix<T> a, MatrixOp opA, Matrix<T> b, MatrixOp opB, T beta, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Multiply(alpha, a, opA, b, opB, beta, c, epilogue: null);

    /// <summary>
    /// C = α·op(A)·op(B) + β·C, then <paramref name="epilogue"/> (when given) over each finished block of C on the
    /// thread that computed it (see <see cref="IGemmEpilogue"/>).
    /// </summary>
    internal static void Multiply<T>(T alpha, Matrix<T> a, MatrixOp opA, Matrix<T> b, MatrixOp opB, T beta, Matrix<T> c, IGemmEpilogue? epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (m, n, k) = Shape(a, opA, b, opB);
        ArgumentNullException.ThrowIfNull(c);
        if (c.Rows != m || c.Columns != n)
            throw new ShapeMismatchException($"Matrix product: op(A)·op(B) is [{m}, {n}] but C is {c.ShapeText}.");
        if (ReferenceEquals(c, a) || ReferenceEquals(c, b))
            throw new ArgumentException("Matrix product: C must be a different matrix from A and B; the product cannot be computed in place.", nameof(c));
        // A matrix with no columns still has a row stride of at least one as far as the span checks go.
        Compute(opA == MatrixOp.Transpose, opB == MatrixOp.Transpose, m, n, k, alpha,
            a.Span, Math.Max(1, a.Columns), b.Span, Math.Max(1, b.Columns), beta, c.Span, Math.Max(1, c.Columns), GemmOptions.Default, epilogue);
    }

    /// <summary>Convenience form of <see cref="Multiply{T}(T, Matrix{T}, MatrixOp, Matrix{T}, MatrixOp, T, Matrix{T})"/>: C = op(A)·op(B).</summary>
    /// <param name="a">A, used as op(A) = A or Aᵀ.</param>
    /// <param name="opA">How A enters the product.</param>
    /// <param name="b">B, used as op(B) = B or Bᵀ.</param>
    /// <param name="opB">How B enters the product.</param>
    /// <param name="c">The result, shaped like op(A)·op(B); a different matrix from A and B.</param>
    /// <exception cref="ShapeMismatchException">The inner dimensions differ, or C does not have the product's shape.</exception>
    /// <exception cref="ArgumentException">C is the same matrix as A or B.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Multiply<T>(Matrix<T> a, MatrixOp opA, Matrix<T> b, MatrixOp opB, Matrix<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Multiply(T.One, a, opA, b, opB, T.Zero, c);

    /// <summary>
    /// Returns a new matrix <c>C = op(A)·op(B)</c>, as <c>A @ B</c> does in NumPy and PyTorch. C is not
    /// zero-filled before the product overwrites it, so this is as fast as multiplying into a reused C
    /// apart from the allocation itself; in a loop, reuse one C with
    /// <see cref="Multiply{T}(Matrix{T}, MatrixOp, Matrix{T}, MatrixOp, Matrix{T})"/> instead.
    /// </summary>
    /// <param name="a">A, used as op(A) = A or Aᵀ.</param>
    /// <param name="opA">How A enters the product.</param>
    /// <param name="b">B, used as op(B) = B or Bᵀ.</param>
    /// <param name="opB">How B enters the product.</param>
    /// <returns>The product, shaped [rows of op(A), columns of op(B)].</returns>
    /// <exception cref="ShapeMismatchException">The inner dimensions differ.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Matrix<T> Multiply<T>(Matrix<T> a, MatrixOp opA, Matrix<T> b, MatrixOp opB)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (m, n, _) = Shape(a, opA, b, opB);
        var c = Matrix<T>.Uninitialized(m, n);
        Multiply(T.One, a, opA, b, opB, T.Zero, c);
        return c;
    }

    /// <summary>m, n and k of op(A)·op(B), after checking that the inner dimensions agree.</summary>
    private static (int M, int N, int K) Shape<T>(Matrix<T> a, MatrixOp opA, Matrix<T> b, MatrixOp opB)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int m = opA == MatrixOp.None ? a.Rows : a.Columns;
        int k = opA == MatrixOp.None ? a.Columns : a.Rows;
        int kb = opB == MatrixOp.None ? b.Rows : b.Columns;
        int n = opB == MatrixOp.None ? b.Columns : b.Rows;
        if (k != kb)
            throw new ShapeMismatchException($"Matrix product: op(A) is [{m}, {k}] but op(B) is [{kb}, {n}]; the inner dimensions {k} and {kb} differ.");
        return (m, n, k);
    }

    /// <summary>
    /// Span-level entry point: A is stored row-major with leading dimension <paramref name="lda"/>
    /// (its row stride) as [m, k] (or [k, m] when <paramref name="transA"/>), B likewise as [k, n]
    /// (or [n, k]), C as [m, n]. C must not overlap A or B.
    /// </summary>
    internal static void Compute<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Compute(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, GemmOptions.Default);

    /// <summary>
    /// <see cref="Compute{T}(bool, bool, int, int, int, T, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, T, Span{T}, int)"/>
    /// with an explicit kernel path and thread limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or a leading dimension is too small.</exception>
    /// <exception cref="ArgumentException">A span is too short for its matrix.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double, or the path is not supported here.</exception>
    internal static unsafe void Compute<T>(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, GemmOptions options, IGemmEpilogue? epilogue = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Matrix products are implemented for float and double, not {typeof(T).Name}.");
        if (!GemmKernelPaths.IsSupported(options.Path))
            throw new NotSupportedException($"The {options.Path} GEMM kernels cannot run on this processor.");
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckOperand(a.Length, transA ? k : m, transA ? m : k, lda, nameof(a), nameof(lda));
        CheckOperand(b.Length, transB ? n : k, transB ? k : n, ldb, nameof(b), nameof(ldb));
        CheckOperand(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0)
            return;
        if (k == 0 || alpha == T.Zero)
        {
            Scale(m, n, beta, c, ldc);
            epilogue?.Apply(0, m, 0, n);
            return;
        }

        fixed (T* pa = a, pb = b, pc = c)
        {
            switch (options.Path)
            {
                case GemmKernelPath.Avx512:
                    Run<T, Avx512Kernel<T>>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, options.MaxThreads, epilogue);
                    break;
                case GemmKernelPath.Avx2:
                    Run<T, Avx2Kernel<T>>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, options.MaxThreads, epilogue);
                    break;
                default:
                    Run<T, PortableKernel<T>>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, options.MaxThreads, epilogue);
                    break;
            }
        }
    }

    private static unsafe void Run<T, TKernel>(bool transA, bool transB, int m, int n, int k, T alpha,
        T* a, int lda, T* b, int ldb, T beta, T* c, int ldc, int maxThreads, IGemmEpilogue? epilogue)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
    {
        bool dot = DotProductDriver.Suits<T, TKernel>(transA, transB, m, k);
        var problem = new GemmProblem<T>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
            dot ? DotProductDriver.Blocking(k) : GemmBlocking.Create<T, TKernel>(k), dot);
        var partition = GemmPartition.Choose<T, TKernel>(problem, GemmWorkerPool.Shared.IsBusy ? 1 : maxThreads);
        delegate*<in GemmProblem<T>, int, int, int, int, void> driver = dot ? &DotProductDriver.Run<T> : &GemmDriver<T, TKernel>.Run;
        if (partition.Parts == 1)
        {
            driver(problem, 0, m, 0, n);
            epilogue?.Apply(0, m, 0, n);
        }
        else
        {
            GemmJob<T>.Run(problem, partition, driver, epilogue);
        }
    }

    /// <summary>Checks that a rows × columns matrix with row stride <paramref name="ld"/> fits in the span.</summary>
    private static void CheckOperand(int length, int rows, int columns, int ld, string name, string ldName)
    {
        if (ld < Math.Max(1, columns))
            throw new ArgumentOutOfRangeException(ldName, ld, $"The leading dimension of {name} must be at least {Math.Max(1, columns)} (its row width).");
        long needed = rows == 0 || columns == 0 ? 0 : (long)(rows - 1) * ld + columns;
        if (length < needed)
            throw new ArgumentException($"{name} holds {length} elements; a [{rows}, {columns}] matrix with leading dimension {ld} needs {needed}.", name);
    }

    /// <summary>C = β·C, where β = 0 clears C (NaN included).</summary>
    private static void Scale<T>(int m, int n, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (beta == T.One)
            return;
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * ldc, n);
            if (beta == T.Zero)
                row.Clear();
            else
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }
}
