using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// Packing with AVX-512. The transposing pack (A for NN and NT, B for NT and TT) transposes
/// 16×16 float or 8×8 double blocks in registers, several times faster than an element-by-element
/// copy; the row copy (A for TN and TT, B for NN and TN) moves whole rows with masked loads for
/// the ragged end, which never touch memory past the row.
/// </summary>
internal static unsafe class Avx512Packing
{
    /// <inheritdoc cref="IMicroKernel{T}.PackTransposed"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack<T>(T* src, nint ld, int rows, int readableRows, int width, int kc, T* dst, int dstStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector512<T>.Count;
        int groups = (width + lanes - 1) / lanes;
        T* scratch = stackalloc T[lanes * lanes];
        int p = 0;
        // The rows after this call's are usually the next call's (the next micro-panel): fetch
        // them block by block while this one is transposed. Left to the hardware, reading 16 or
        // 32 interleaved row streams a cache line at a time runs at a tenth of L3 bandwidth.
        int nextRows = Math.Clamp(readableRows - rows, 0, rows);
        T* next = src + rows * ld;
        for (; p + lanes <= kc; p += lanes)
        {
            if (Sse.IsSupported)
            {
                for (int r = 0; r < nextRows; r++)
                    Sse.Prefetch0(next + r * ld + p + lanes - 1);
            }

            // Each block stores whole vectors, so a group whose vector runs past dstStride spills
            // into the next p's slots (or the buffer's slack). Storing the groups in descending
            // order, p ascending within each, guarantees every slot's own store comes last.
            for (int g = groups - 1; g >= 0; g--)
            {
                T* source = src + g * lanes * ld + p;
                T* target = dst + (nint)p * dstStride + g * lanes;
                nint sourceStride = ld;
                if (readableRows - g * lanes < lanes)
                {
                    // Near the matrix's edge: stage the rows that exist, zero the rest.
                    int valid = Math.Clamp(rows - g * lanes, 0, lanes);
                    for (int r = 0; r < lanes; r++)
                    {
                        var row = r < valid ? Vector512.Load(source + r * ld) : Vector512<T>.Zero;
                        row.Store(scratch + r * lanes);
                    }
                    source = scratch;
                    sourceStride = lanes;
                }
                if (typeof(T) == typeof(float))
                    Block16((float*)source, sourceStride, (float*)target, dstStride);
                else
                    Block8((double*)source, sourceStride, (double*)target, dstStride);
            }
        }
        GemmPacking.TransposeScalar(src, ld, rows, width, p, kc, dst, dstStride);
    }

    /// <inheritdoc cref="IMicroKernel{T}.PackRows"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyRows<T>(T* src, nint ld, int count, int width, int kc, T* dst, int dstStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector512<T>.Count;
        // Lanes at or past `count` of the last vector load as zero: the padding the kernel expects.
        var tailMask = Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(count % lanes)));
        int full = count / lanes;
        int vectors = (width + lanes - 1) / lanes;
        for (int p = 0; p < kc; p++, src += ld, dst += dstStride)
        {
            int v = 0;
            for (; v < full; v++)
                Vector512.Load(src + v * lanes).Store(dst + v * lanes);
            if (v < vectors && count % lanes != 0)
            {
                MaskLoad(src + v * lanes, tailMask).Store(dst + v * lanes);
                v++;
            }
            for (; v < vectors; v++)
                Vector512<T>.Zero.Store(dst + v * lanes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MaskLoad<T>(T* source, Vector512<T> mask) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return Avx512F.MaskLoad((float*)source, mask.AsSingle(), Vector512<float>.Zero).As<float, T>();
        return Avx512F.MaskLoad((double*)source, mask.AsDouble(), Vector512<double>.Zero).As<double, T>();
    }

    /// <summary>Transposes a 16×16 float block: row r of the source becomes column r of the target.</summary>
    /// <remarks>
    /// Rows are taken four at a time: in-lane unpacks and shuffles turn rows a, b, c, d into
    /// vectors whose 128-bit quad q holds (a, b, c, d) of column 4q + e. Gathering quad q of the four
    /// groups' vector e (two rounds of 128-bit shuffles) then gives column 4q + e. The same 64
    /// shuffles as four rounds of two-source permutes, but in-lane ones are cheaper: about a quarter
    /// faster on Zen 5. Not inlined, so the block's vectors are the only live registers.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Block16(float* src, nint ld, float* dst, nint stride)
    {
        Group4(src, ld, out var a0, out var a1, out var a2, out var a3);
        Group4(src + 4 * ld, ld, out var b0, out var b1, out var b2, out var b3);
        Group4(src + 8 * ld, ld, out var c0, out var c1, out var c2, out var c3);
        Group4(src + 12 * ld, ld, out var d0, out var d1, out var d2, out var d3);
        Quads(a0, b0, c0, d0, out var t0, out var t4, out var t8, out var t12);
        Quads(a1, b1, c1, d1, out var t1, out var t5, out var t9, out var t13);
        Quads(a2, b2, c2, d2, out var t2, out var t6, out var t10, out var t14);
        Quads(a3, b3, c3, d3, out var t3, out var t7, out var t11, out var t15);

        // In column order: when stride is less than 16 each store spills into the next
        // columns' slots, which their own (later) stores then overwrite.
        t0.Store(dst);
        t1.Store(dst + stride);
        t2.Store(dst + 2 * stride);
        t3.Store(dst + 3 * stride);
        t4.Store(dst + 4 * stride);
        t5.Store(dst + 5 * stride);
        t6.Store(dst + 6 * stride);
        t7.Store(dst + 7 * stride);
        t8.Store(dst + 8 * stride);
        t9.Store(dst + 9 * stride);
        t10.Store(dst + 10 * stride);
        t11.Store(dst + 11 * stride);
        t12.Store(dst + 12 * stride);
        t13.Store(dst + 13 * stride);
        t14.Store(dst + 14 * stride);
        t15.Store(dst + 15 * stride);
    }

    /// <summary>
    /// Loads rows a–d; quad q of output e holds (a, b, c, d) of column 4q + e.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Group4(float* src, nint ld, out Vector512<float> e0, out Vector512<float> e1,
        out Vector512<float> e2, out Vector512<float> e3)
    {
        var a = Vector512.Load(src);
        var b = Vector512.Load(src + ld);
        var c = Vector512.Load(src + 2 * ld);
        var d = Vector512.Load(src + 3 * ld);
        var abLow = Avx512F.UnpackLow(a, b);    // a0 b0 a1 b1 per quad
        var abHigh = Avx512F.UnpackHigh(a, b);  // a2 b2 a3 b3
        var cdLow = Avx512F.UnpackLow(c, d);
        var cdHigh = Avx512F.UnpackHigh(c, d);
        e0 = Avx512F.Shuffle(abLow, cdLow, 0x44);   // a0 b0 c0 d0
        e1 = Avx512F.Shuffle(abLow, cdLow, 0xEE);   // a1 b1 c1 d1
        e2 = Avx512F.Shuffle(abHigh, cdHigh, 0x44); // a2 b2 c2 d2
        e3 = Avx512F.Shuffle(abHigh, cdHigh, 0xEE); // a3 b3 c3 d3
    }

    /// <summary>4×4 transpose of 128-bit quads: output q is [v0.q, v1.q, v2.q, v3.q].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Quads<TElement>(Vector512<TElement> v0, Vector512<TElement> v1, Vector512<TElement> v2, Vector512<TElement> v3,
        out Vector512<TElement> q0, out Vector512<TElement> q1, out Vector512<TElement> q2, out Vector512<TElement> q3)
        where TElement : unmanaged
    {
        var w0 = Shuffle4x128(v0, v1, 0x44); // v0.q0 v0.q1 v1.q0 v1.q1
        var w1 = Shuffle4x128(v0, v1, 0xEE); // v0.q2 v0.q3 v1.q2 v1.q3
        var w2 = Shuffle4x128(v2, v3, 0x44);
        var w3 = Shuffle4x128(v2, v3, 0xEE);
        q0 = Shuffle4x128(w0, w2, 0x88);
        q1 = Shuffle4x128(w0, w2, 0xDD);
        q2 = Shuffle4x128(w1, w3, 0x88);
        q3 = Shuffle4x128(w1, w3, 0xDD);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<TElement> Shuffle4x128<TElement>(Vector512<TElement> x, Vector512<TElement> y, [System.Diagnostics.CodeAnalysis.ConstantExpected] byte control)
        where TElement : unmanaged
    {
        if (typeof(TElement) == typeof(float))
            return Avx512F.Shuffle4x128(x.AsSingle(), y.AsSingle(), control).As<float, TElement>();
        return Avx512F.Shuffle4x128(x.AsDouble(), y.AsDouble(), control).As<double, TElement>();
    }

    /// <summary>
    /// Transposes an 8×8 double block: unpacks pair rows so that 128-bit quad q of vector e holds
    /// column 2q + e of two rows; the quad transpose then gathers each column.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Block8(double* src, nint ld, double* dst, nint stride)
    {
        var r0 = Vector512.Load(src);
        var r1 = Vector512.Load(src + ld);
        var r2 = Vector512.Load(src + 2 * ld);
        var r3 = Vector512.Load(src + 3 * ld);
        var r4 = Vector512.Load(src + 4 * ld);
        var r5 = Vector512.Load(src + 5 * ld);
        var r6 = Vector512.Load(src + 6 * ld);
        var r7 = Vector512.Load(src + 7 * ld);
        Quads(Avx512F.UnpackLow(r0, r1), Avx512F.UnpackLow(r2, r3), Avx512F.UnpackLow(r4, r5), Avx512F.UnpackLow(r6, r7),
            out var t0, out var t2, out var t4, out var t6);
        Quads(Avx512F.UnpackHigh(r0, r1), Avx512F.UnpackHigh(r2, r3), Avx512F.UnpackHigh(r4, r5), Avx512F.UnpackHigh(r6, r7),
            out var t1, out var t3, out var t5, out var t7);

        // In column order, as in Block16.
        t0.Store(dst);
        t1.Store(dst + stride);
        t2.Store(dst + 2 * stride);
        t3.Store(dst + 3 * stride);
        t4.Store(dst + 4 * stride);
        t5.Store(dst + 5 * stride);
        t6.Store(dst + 6 * stride);
        t7.Store(dst + 7 * stride);
    }
}
