using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// The AVX-512 path: register tiles of up to 14 rows × 2 zmm vectors (14 × 32 floats or
/// 14 × 16 doubles), and 16×16 / 8×8 in-register transposes for packing.
/// </summary>
/// <remarks>
/// Why 14 × 2: AVX-512 has 32 vector registers. Zen 4/5 (and Intel server cores) retire two FMAs
/// per cycle with a latency of 4, so at least 8 independent accumulator chains must be in flight.
/// 28 accumulators, the 2 B vectors and 1 broadcast A element use 31 registers. Per k step the
/// tile reads 128 bytes of B and 14 A elements for 28 FMAs, so the B panel can stream from L2
/// while the 14-row A micro-panel stays in L1. (A 28 × 1 tile has the same accumulator count and
/// folds the broadcasts into the FMAs, but measured about 15% slower on Zen 5.)
/// </remarks>
internal readonly unsafe struct Avx512Kernel<T> : IMicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>How many k steps ahead the kernel prefetches B: about an L3 latency of FMAs.</summary>
    private const int PrefetchSteps = 16;

    /// <inheritdoc/>
    public static int Lanes => Vector512<T>.Count;

    /// <inheritdoc/>
    public static int MaxRows => 14;

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
        => Avx512Packing.Pack<T>(src, ld, rows, readableRows, width, kc, dst, dstStride);

    /// <inheritdoc/>
    public static void PackRows(T* src, nint ld, int count, int width, int kc, T* dst, int dstStride)
        => Avx512Packing.CopyRows<T>(src, ld, count, width, kc, dst, dstStride);

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
            case 7: Tile<Tile7, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 8: Tile<Tile8, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 9: Tile<Tile9, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 10: Tile<Tile10, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 11: Tile<Tile11, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 12: Tile<Tile12, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 13: Tile<Tile13, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 14: Tile<Tile14, Tile1>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
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
            case 7: Tile<Tile7, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 8: Tile<Tile8, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 9: Tile<Tile9, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 10: Tile<Tile10, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 11: Tile<Tile11, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 12: Tile<Tile12, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 13: Tile<Tile13, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
            case 14: Tile<Tile14, Tile2>(kc, a, b, ldb, c, ldc, alpha, beta, accumulate); break;
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
        int lanes = Vector512<T>.Count;
        // C is read only after the k loop; start fetching its rows now so that the tile's
        // epilogue does not wait on L3 or memory (C is revisited once per k block).
        if (accumulate)
            PrefetchRows<TRows>(c, ldc, TCols.Value * lanes);
        Vector512<T> c0a = default, c0b = default;
        Vector512<T> c1a = default, c1b = default;
        Vector512<T> c2a = default, c2b = default;
        Vector512<T> c3a = default, c3b = default;
        Vector512<T> c4a = default, c4b = default;
        Vector512<T> c5a = default, c5b = default;
        Vector512<T> c6a = default, c6b = default;
        Vector512<T> c7a = default, c7b = default;
        Vector512<T> c8a = default, c8b = default;
        Vector512<T> c9a = default, c9b = default;
        Vector512<T> c10a = default, c10b = default;
        Vector512<T> c11a = default, c11b = default;
        Vector512<T> c12a = default, c12b = default;
        Vector512<T> c13a = default, c13b = default;
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
            var b0 = Vector512.Load(b);
            var b1 = TCols.Value > 1 ? Vector512.Load(b + lanes) : default;
            var x = Vector512.Create(a[0]);
            c0a = GemmSimd.Fma(x, b0, c0a);
            if (TCols.Value > 1) c0b = GemmSimd.Fma(x, b1, c0b);
            if (TRows.Value > 1)
            {
                x = Vector512.Create(a[1]);
                c1a = GemmSimd.Fma(x, b0, c1a);
                if (TCols.Value > 1) c1b = GemmSimd.Fma(x, b1, c1b);
            }
            if (TRows.Value > 2)
            {
                x = Vector512.Create(a[2]);
                c2a = GemmSimd.Fma(x, b0, c2a);
                if (TCols.Value > 1) c2b = GemmSimd.Fma(x, b1, c2b);
            }
            if (TRows.Value > 3)
            {
                x = Vector512.Create(a[3]);
                c3a = GemmSimd.Fma(x, b0, c3a);
                if (TCols.Value > 1) c3b = GemmSimd.Fma(x, b1, c3b);
            }
            if (TRows.Value > 4)
            {
                x = Vector512.Create(a[4]);
                c4a = GemmSimd.Fma(x, b0, c4a);
                if (TCols.Value > 1) c4b = GemmSimd.Fma(x, b1, c4b);
            }
            if (TRows.Value > 5)
            {
                x = Vector512.Create(a[5]);
                c5a = GemmSimd.Fma(x, b0, c5a);
                if (TCols.Value > 1) c5b = GemmSimd.Fma(x, b1, c5b);
            }
            if (TRows.Value > 6)
            {
                x = Vector512.Create(a[6]);
                c6a = GemmSimd.Fma(x, b0, c6a);
                if (TCols.Value > 1) c6b = GemmSimd.Fma(x, b1, c6b);
            }
            if (TRows.Value > 7)
            {
                x = Vector512.Create(a[7]);
                c7a = GemmSimd.Fma(x, b0, c7a);
                if (TCols.Value > 1) c7b = GemmSimd.Fma(x, b1, c7b);
            }
            if (TRows.Value > 8)
            {
                x = Vector512.Create(a[8]);
                c8a = GemmSimd.Fma(x, b0, c8a);
                if (TCols.Value > 1) c8b = GemmSimd.Fma(x, b1, c8b);
            }
            if (TRows.Value > 9)
            {
                x = Vector512.Create(a[9]);
                c9a = GemmSimd.Fma(x, b0, c9a);
                if (TCols.Value > 1) c9b = GemmSimd.Fma(x, b1, c9b);
            }
            if (TRows.Value > 10)
            {
                x = Vector512.Create(a[10]);
                c10a = GemmSimd.Fma(x, b0, c10a);
                if (TCols.Value > 1) c10b = GemmSimd.Fma(x, b1, c10b);
            }
            if (TRows.Value > 11)
            {
                x = Vector512.Create(a[11]);
                c11a = GemmSimd.Fma(x, b0, c11a);
                if (TCols.Value > 1) c11b = GemmSimd.Fma(x, b1, c11b);
            }
            if (TRows.Value > 12)
            {
                x = Vector512.Create(a[12]);
                c12a = GemmSimd.Fma(x, b0, c12a);
                if (TCols.Value > 1) c12b = GemmSimd.Fma(x, b1, c12b);
            }
            if (TRows.Value > 13)
            {
                x = Vector512.Create(a[13]);
                c13a = GemmSimd.Fma(x, b0, c13a);
                if (TCols.Value > 1) c13b = GemmSimd.Fma(x, b1, c13b);
            }
            a += TRows.Value;
            b += ldb;
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        Store<TCols>(c + 0 * ldc, c0a, c0b, va, vb, accumulate);
        if (TRows.Value > 1) Store<TCols>(c + 1 * ldc, c1a, c1b, va, vb, accumulate);
        if (TRows.Value > 2) Store<TCols>(c + 2 * ldc, c2a, c2b, va, vb, accumulate);
        if (TRows.Value > 3) Store<TCols>(c + 3 * ldc, c3a, c3b, va, vb, accumulate);
        if (TRows.Value > 4) Store<TCols>(c + 4 * ldc, c4a, c4b, va, vb, accumulate);
        if (TRows.Value > 5) Store<TCols>(c + 5 * ldc, c5a, c5b, va, vb, accumulate);
        if (TRows.Value > 6) Store<TCols>(c + 6 * ldc, c6a, c6b, va, vb, accumulate);
        if (TRows.Value > 7) Store<TCols>(c + 7 * ldc, c7a, c7b, va, vb, accumulate);
        if (TRows.Value > 8) Store<TCols>(c + 8 * ldc, c8a, c8b, va, vb, accumulate);
        if (TRows.Value > 9) Store<TCols>(c + 9 * ldc, c9a, c9b, va, vb, accumulate);
        if (TRows.Value > 10) Store<TCols>(c + 10 * ldc, c10a, c10b, va, vb, accumulate);
        if (TRows.Value > 11) Store<TCols>(c + 11 * ldc, c11a, c11b, va, vb, accumulate);
        if (TRows.Value > 12) Store<TCols>(c + 12 * ldc, c12a, c12b, va, vb, accumulate);
        if (TRows.Value > 13) Store<TCols>(c + 13 * ldc, c13a, c13b, va, vb, accumulate);
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
    private static void Store<TCols>(T* c, Vector512<T> x0, Vector512<T> x1, Vector512<T> alpha, Vector512<T> beta, bool accumulate)
        where TCols : struct, ITileSize
    {
        T* c1 = c + Vector512<T>.Count;
        if (accumulate)
        {
            GemmSimd.Fma(x0, alpha, Vector512.Load(c) * beta).Store(c);
            if (TCols.Value > 1)
                GemmSimd.Fma(x1, alpha, Vector512.Load(c1) * beta).Store(c1);
        }
        else
        {
            (x0 * alpha).Store(c);
            if (TCols.Value > 1)
                (x1 * alpha).Store(c1);
        }
    }
}
