using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// The AVX2 path: register tiles of up to 6 rows × 2 ymm vectors (6 × 16 floats or 6 × 8 doubles).
/// </summary>
/// <remarks>
/// Why 6 × 2: AVX2 has 16 vector registers; 12 accumulators, 2 B vectors and 1 broadcast leave one
/// spare, and 12 independent chains cover two FMA pipes with 4–5 cycles of latency.
/// Packing uses the portable scalar transpose.
/// </remarks>
internal readonly unsafe struct Avx2Kernel<T> : IMicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>How many k steps ahead the kernel prefetches B: about an L3 latency of FMAs.</summary>
    private const int PrefetchSteps = 16;

    /// <inheritdoc/>
    public static int Lanes => Vector256<T>.Count;

    /// <inheritdoc/>
    public static int MaxRows => 6;

    /// <inheritdoc/>
    public static void Run(int rows, int vectors, int kc, T* a, T* b, nint ldb, T* c, nint ldc, T alpha, T beta, bool accumulate)
    {
        if (vectors == 2)
            Dispatch2(rows, kc, a, b, ldb, c, ldc, alpha, beta, accumulate);
        else
            Dispatch1(rows, kc, a, b, ldb, c, ldc, alpha, beta, accumulate);
    }

    /// <inheritdoc/>
    public static void PackTransposed(T* src, nint ld, int rows, int readableRows, int width, int kc, T* dst, int dstStride)
        => GemmPacking.TransposeScalar(src, ld, rows, width, 0, kc, dst, dstStride);

    /// <inheritdoc/>
    public static void PackRows(T* src, nint ld, int count, int width, int kc, T* dst, int dstStride)
        => GemmPacking.CopyRows256<T>(src, ld, count, width, kc, dst, dstStride);

    private static void Dispatch1(int rows, int kc, T* a, T* b, nint ldb, T* c, nint ldc, T alpha, T beta, bool accumulate)
    {
        switch (rows)
        {
            case 1: Tile<Tile1, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 2: Tile<Tile2, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 3: Tile<Tile3, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 4: Tile<Tile4, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 5: Tile<Tile5, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 6: Tile<Tile6, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows));
        }
    }

    private static void Dispatch2(int rows, int kc, T* a, T* b, nint ldb, T* c, nint ldc, T alpha, T beta, bool accumulate)
    {
        switch (rows)
        {
            case 1: Tile<Tile1, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 2: Tile<Tile2, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 3: Tile<Tile3, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 4: Tile<Tile4, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 5: Tile<Tile5, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 6: Tile<Tile6, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows));
        }
    }

    /// <summary>
    /// The register tile: <typeparamref name="TRows"/> rows by <typeparamref name="TCols"/> vectors of
    /// accumulators. Each k step loads one or two vectors of B, broadcasts one A element per row and
    /// issues one FMA per accumulator; the guards are JIT-time constants.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TRows, TCols>(int kc, T* a, T* b, nint ldb, T* c, nint ldc, T alpha, T beta, bool accumulate)
        where TRows : struct, ITileSize
        where TCols : struct, ITileSize
    {
        int lanes = Vector256<T>.Count;
        // C is read only after the k loop; start fetching its rows now so that the tile's
        // epilogue does not wait on L3 or memory (C is revisited once per k block).
        if (accumulate)
            PrefetchRows<TRows>(c, ldc, TCols.Value * lanes);
        Vector256<T> c0a = default, c0b = default;
        Vector256<T> c1a = default, c1b = default;
        Vector256<T> c2a = default, c2b = default;
        Vector256<T> c3a = default, c3b = default;
        Vector256<T> c4a = default, c4b = default;
        Vector256<T> c5a = default, c5b = default;
        // B rows are fetched a few k steps ahead: when B is streamed from its own rows (few rows
        // of C) they are a strided walk through L3 the hardware prefetcher does not follow.
        nint ahead = PrefetchSteps * ldb;
        nint last = TCols.Value * lanes - 1;
        for (; kc > 0; kc--)
        {
            if (Sse.IsSupported)
            {
                Sse.Prefetch0(b + ahead);
                Sse.Prefetch0(b + ahead + last);
            }
            var b0 = Vector256.Load(b);
            var b1 = TCols.Value > 1 ? Vector256.Load(b + lanes) : default;
            var x = Vector256.Create(a[0]);
            c0a = GemmSimd.Fma(x, b0, c0a);
            if (TCols.Value > 1) c0b = GemmSimd.Fma(x, b1, c0b);
            if (TRows.Value > 1)
            {
                x = Vector256.Create(a[1]);
                c1a = GemmSimd.Fma(x, b0, c1a);
                if (TCols.Value > 1) c1b = GemmSimd.Fma(x, b1, c1b);
            }
            if (TRows.Value > 2)
            {
                x = Vector256.Create(a[2]);
                c2a = GemmSimd.Fma(x, b0, c2a);
                if (TCols.Value > 1) c2b = GemmSimd.Fma(x, b1, c2b);
            }
            if (TRows.Value > 3)
            {
                x = Vector256.Create(a[3]);
                c3a = GemmSimd.Fma(x, b0, c3a);
                if (TCols.Value > 1) c3b = GemmSimd.Fma(x, b1, c3b);
            }
            if (TRows.Value > 4)
            {
                x = Vector256.Create(a[4]);
                c4a = GemmSimd.Fma(x, b0, c4a);
                if (TCols.Value > 1) c4b = GemmSimd.Fma(x, b1, c4b);
            }
            if (TRows.Value > 5)
            {
                x = Vector256.Create(a[5]);
                c5a = GemmSimd.Fma(x, b0, c5a);
                if (TCols.Value > 1) c5b = GemmSimd.Fma(x, b1, c5b);
            }
            a += TRows.Value;
            b += ldb;
        }

        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        Store<TCols>(c + 0 * ldc, c0a, c0b, va, vb, accumulate);
        if (TRows.Value > 1) Store<TCols>(c + 1 * ldc, c1a, c1b, va, vb, accumulate);
        if (TRows.Value > 2) Store<TCols>(c + 2 * ldc, c2a, c2b, va, vb, accumulate);
        if (TRows.Value > 3) Store<TCols>(c + 3 * ldc, c3a, c3b, va, vb, accumulate);
        if (TRows.Value > 4) Store<TCols>(c + 4 * ldc, c4a, c4b, va, vb, accumulate);
        if (TRows.Value > 5) Store<TCols>(c + 5 * ldc, c5a, c5b, va, vb, accumulate);
    }

    /// <summary>Prefetches the first and last element of each of the tile's rows of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRows<TRows>(T* c, nint ldc, int width) where TRows : struct, ITileSize
    {
        if (!Sse.IsSupported)
            return;
        for (int r = 0; r < TRows.Value; r++, c += ldc)
        {
            Sse.Prefetch1(c);
            Sse.Prefetch1(c + width - 1);
        }
    }

    /// <summary>Writes one row of the tile: α·x, plus β·C when accumulating, fused as FMA(x, α, β·C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TCols>(T* c, Vector256<T> x0, Vector256<T> x1, Vector256<T> alpha, Vector256<T> beta, bool accumulate)
        where TCols : struct, ITileSize
    {
        T* c1 = c + Vector256<T>.Count;
        if (accumulate)
        {
            GemmSimd.Fma(x0, alpha, Vector256.Load(c) * beta).Store(c);
            if (TCols.Value > 1)
                GemmSimd.Fma(x1, alpha, Vector256.Load(c1) * beta).Store(c1);
        }
        else
        {
            (x0 * alpha).Store(c);
            if (TCols.Value > 1)
                (x1 * alpha).Store(c1);
        }
    }
}
