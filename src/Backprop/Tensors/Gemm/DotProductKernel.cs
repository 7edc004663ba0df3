using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// A register tile of C = α·A·Bᵀ + β·C computed as dot products of rows that are both contiguous along k (the
/// NT layout: Z = W·rowsᵀ of a batch held as example rows, dW = dZ·Aᵀ), with AVX-512 in single precision.
/// </summary>
/// <remarks>
/// <para>The packed kernels broadcast one operand and need the other's vectors along n, so in the NT layout both
/// operands must be transposed while packing: two transposing packs per product, about a sixth of W2's first
/// product. Here each of the 24 accumulators (4 rows of A × 6 rows of B) holds 16 partial sums, one per k mod 16;
/// every step loads four A and six B vectors straight from the operands for 24 FMAs, and at the end of the k block
/// the accumulators are summed across lanes together (<see cref="Reduce"/>), a few percent of the work when k is
/// in the hundreds. No packing at all: 244 GFLOP/s on one core for 128×126×784, against 209 for the packed path.</para>
/// <para>Each element of C is one fixed computation per k block (<see cref="DotProductDriver.Blocking"/>): 16 lane
/// chains over the block (each starting with the product of the kc % 16 values past the last whole vector, zeros in
/// the other lanes), then the same addition tree over the lanes, merged into C like the packed kernels' k blocks —
/// whatever tile, part or thread it falls in.
/// A tile with fewer rows or columns repeats its last real row (valid memory) and stores only the real ones.</para>
/// </remarks>
internal static unsafe class DotProductKernel
{
    /// <summary>Rows of A per tile.</summary>
    public const int Rows = 4;

    /// <summary>Rows of B (columns of C) per tile.</summary>
    public const int Columns = 6;

    /// <summary>Columns of a <see cref="NarrowTile"/>.</summary>
    public const int NarrowColumns = 4;

    private const int Lanes = 16;

    /// <summary>
    /// Computes the <paramref name="rows"/> × <paramref name="cols"/> tile (at most 4 × 6) at <paramref name="c"/>
    /// from <paramref name="kc"/> values of the rows of A at <paramref name="a"/> and of B at <paramref name="b"/>:
    /// <c>C = α·s</c>, or <c>C = FMA(s, α, β·C)</c> when <paramref name="accumulate"/>, the same merge as the packed
    /// kernels' stores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile(float* a, nint lda, int rows, float* b, nint ldb, int cols, int kc,
        float* c, nint ldc, float alpha, float beta, bool accumulate)
    {
        float* a0 = a, a1 = a + Math.Min(1, rows - 1) * lda, a2 = a + Math.Min(2, rows - 1) * lda, a3 = a + (rows - 1) * lda;
        float* b0 = b, b1 = b + Math.Min(1, cols - 1) * ldb, b2 = b + Math.Min(2, cols - 1) * ldb;
        float* b3 = b + Math.Min(3, cols - 1) * ldb, b4 = b + Math.Min(4, cols - 1) * ldb, b5 = b + (cols - 1) * ldb;

        // The last k % 16 values go first, from masked loads that read nothing past the rows (zeros instead), so
        // the main loop below is the plain one.
        int end = kc & ~(Lanes - 1);
        Vector512<float> c00, c01, c02, c03, c04, c05, c10, c11, c12, c13, c14, c15;
        Vector512<float> c20, c21, c22, c23, c24, c25, c30, c31, c32, c33, c34, c35;
        if (end == kc)
        {
            c00 = c01 = c02 = c03 = c04 = c05 = c10 = c11 = c12 = c13 = c14 = c15 = Vector512<float>.Zero;
            c20 = c21 = c22 = c23 = c24 = c25 = c30 = c31 = c32 = c33 = c34 = c35 = Vector512<float>.Zero;
        }
        else
        {
            var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(kc - end)).AsSingle();
            var x0 = Tail(a0 + end, mask);
            var x1 = Tail(a1 + end, mask);
            var x2 = Tail(a2 + end, mask);
            var x3 = Tail(a3 + end, mask);
            var y = Tail(b0 + end, mask);
            c00 = x0 * y; c10 = x1 * y; c20 = x2 * y; c30 = x3 * y;
            y = Tail(b1 + end, mask);
            c01 = x0 * y; c11 = x1 * y; c21 = x2 * y; c31 = x3 * y;
            y = Tail(b2 + end, mask);
            c02 = x0 * y; c12 = x1 * y; c22 = x2 * y; c32 = x3 * y;
            y = Tail(b3 + end, mask);
            c03 = x0 * y; c13 = x1 * y; c23 = x2 * y; c33 = x3 * y;
            y = Tail(b4 + end, mask);
            c04 = x0 * y; c14 = x1 * y; c24 = x2 * y; c34 = x3 * y;
            y = Tail(b5 + end, mask);
            c05 = x0 * y; c15 = x1 * y; c25 = x2 * y; c35 = x3 * y;
        }

        for (int p = 0; p < end; p += Lanes)
        {
            var x0 = Vector512.Load(a0 + p);
            var x1 = Vector512.Load(a1 + p);
            var x2 = Vector512.Load(a2 + p);
            var x3 = Vector512.Load(a3 + p);
            var y = Vector512.Load(b0 + p);
            c00 = Avx512F.FusedMultiplyAdd(x0, y, c00);
            c10 = Avx512F.FusedMultiplyAdd(x1, y, c10);
            c20 = Avx512F.FusedMultiplyAdd(x2, y, c20);
            c30 = Avx512F.FusedMultiplyAdd(x3, y, c30);
            y = Vector512.Load(b1 + p);
            c01 = Avx512F.FusedMultiplyAdd(x0, y, c01);
            c11 = Avx512F.FusedMultiplyAdd(x1, y, c11);
            c21 = Avx512F.FusedMultiplyAdd(x2, y, c21);
            c31 = Avx512F.FusedMultiplyAdd(x3, y, c31);
            y = Vector512.Load(b2 + p);
            c02 = Avx512F.FusedMultiplyAdd(x0, y, c02);
            c12 = Avx512F.FusedMultiplyAdd(x1, y, c12);
            c22 = Avx512F.FusedMultiplyAdd(x2, y, c22);
            c32 = Avx512F.FusedMultiplyAdd(x3, y, c32);
            y = Vector512.Load(b3 + p);
            c03 = Avx512F.FusedMultiplyAdd(x0, y, c03);
            c13 = Avx512F.FusedMultiplyAdd(x1, y, c13);
            c23 = Avx512F.FusedMultiplyAdd(x2, y, c23);
            c33 = Avx512F.FusedMultiplyAdd(x3, y, c33);
            y = Vector512.Load(b4 + p);
            c04 = Avx512F.FusedMultiplyAdd(x0, y, c04);
            c14 = Avx512F.FusedMultiplyAdd(x1, y, c14);
            c24 = Avx512F.FusedMultiplyAdd(x2, y, c24);
            c34 = Avx512F.FusedMultiplyAdd(x3, y, c34);
            y = Vector512.Load(b5 + p);
            c05 = Avx512F.FusedMultiplyAdd(x0, y, c05);
            c15 = Avx512F.FusedMultiplyAdd(x1, y, c15);
            c25 = Avx512F.FusedMultiplyAdd(x2, y, c25);
            c35 = Avx512F.FusedMultiplyAdd(x3, y, c35);
        }

        // Accumulator order for the reduction: index 4u + t is row t, column u (u < 4), and 16 + 4u + t is row t,
        // column 4 + u; quad t of the first result then holds row t's columns 0–3, and of the second its 4–5.
        Reduce(
            c00, c10, c20, c30, c01, c11, c21, c31, c02, c12, c22, c32,
            c03, c13, c23, c33, c04, c14, c24, c34, c05, c15, c25, c35,
            out var low, out var high);
        var scalars = new Merge(alpha, beta, accumulate);
        scalars.Row(c, low, high, 0, cols);
        if (rows > 1)
            scalars.Row(c + ldc, low, high, 1, cols);
        if (rows > 2)
            scalars.Row(c + 2 * ldc, low, high, 2, cols);
        if (rows > 3)
            scalars.Row(c + 3 * ldc, low, high, 3, cols);
    }

    /// <summary>
    /// <see cref="Tile"/> for at most 4 × 4 (16 accumulators): the narrow tiles at the right edge of C, so that, e.g.,
    /// 128 columns run as 20 tiles of six and two of four rather than 21 of six and one of six holding two. Each
    /// element goes through the same lane chains and the same addition tree as in <see cref="Tile"/>, so it has the
    /// same bits whichever tile computes it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NarrowTile(float* a, nint lda, int rows, float* b, nint ldb, int cols, int kc,
        float* c, nint ldc, float alpha, float beta, bool accumulate)
    {
        float* a0 = a, a1 = a + Math.Min(1, rows - 1) * lda, a2 = a + Math.Min(2, rows - 1) * lda, a3 = a + (rows - 1) * lda;
        float* b0 = b, b1 = b + Math.Min(1, cols - 1) * ldb, b2 = b + Math.Min(2, cols - 1) * ldb, b3 = b + (cols - 1) * ldb;

        int end = kc & ~(Lanes - 1);
        Vector512<float> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (end == kc)
        {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = Vector512<float>.Zero;
            c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = Vector512<float>.Zero;
        }
        else
        {
            var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(kc - end)).AsSingle();
            var x0 = Tail(a0 + end, mask);
            var x1 = Tail(a1 + end, mask);
            var x2 = Tail(a2 + end, mask);
            var x3 = Tail(a3 + end, mask);
            var y = Tail(b0 + end, mask);
            c00 = x0 * y; c10 = x1 * y; c20 = x2 * y; c30 = x3 * y;
            y = Tail(b1 + end, mask);
            c01 = x0 * y; c11 = x1 * y; c21 = x2 * y; c31 = x3 * y;
            y = Tail(b2 + end, mask);
            c02 = x0 * y; c12 = x1 * y; c22 = x2 * y; c32 = x3 * y;
            y = Tail(b3 + end, mask);
            c03 = x0 * y; c13 = x1 * y; c23 = x2 * y; c33 = x3 * y;
        }

        for (int p = 0; p < end; p += Lanes)
        {
            var x0 = Vector512.Load(a0 + p);
            var x1 = Vector512.Load(a1 + p);
            var x2 = Vector512.Load(a2 + p);
            var x3 = Vector512.Load(a3 + p);
            var y = Vector512.Load(b0 + p);
            c00 = Avx512F.FusedMultiplyAdd(x0, y, c00);
            c10 = Avx512F.FusedMultiplyAdd(x1, y, c10);
            c20 = Avx512F.FusedMultiplyAdd(x2, y, c20);
            c30 = Avx512F.FusedMultiplyAdd(x3, y, c30);
            y = Vector512.Load(b1 + p);
            c01 = Avx512F.FusedMultiplyAdd(x0, y, c01);
            c11 = Avx512F.FusedMultiplyAdd(x1, y, c11);
            c21 = Avx512F.FusedMultiplyAdd(x2, y, c21);
            c31 = Avx512F.FusedMultiplyAdd(x3, y, c31);
            y = Vector512.Load(b2 + p);
            c02 = Avx512F.FusedMultiplyAdd(x0, y, c02);
            c12 = Avx512F.FusedMultiplyAdd(x1, y, c12);
            c22 = Avx512F.FusedMultiplyAdd(x2, y, c22);
            c32 = Avx512F.FusedMultiplyAdd(x3, y, c32);
            y = Vector512.Load(b3 + p);
            c03 = Avx512F.FusedMultiplyAdd(x0, y, c03);
            c13 = Avx512F.FusedMultiplyAdd(x1, y, c13);
            c23 = Avx512F.FusedMultiplyAdd(x2, y, c23);
            c33 = Avx512F.FusedMultiplyAdd(x3, y, c33);
        }

        // The first half of Reduce's tree: quad t of the result holds row t's columns 0–3.
        var q0 = Quads(Halves(c00, c10), Halves(c20, c30));
        var q1 = Quads(Halves(c01, c11), Halves(c21, c31));
        var q2 = Quads(Halves(c02, c12), Halves(c22, c32));
        var q3 = Quads(Halves(c03, c13), Halves(c23, c33));
        var low = Pairs(Pairs(q0, q1), Pairs(q2, q3));
        var scalars = new Merge(alpha, beta, accumulate);
        scalars.Row(c, low, default, 0, cols);
        if (rows > 1)
            scalars.Row(c + ldc, low, default, 1, cols);
        if (rows > 2)
            scalars.Row(c + 2 * ldc, low, default, 2, cols);
        if (rows > 3)
            scalars.Row(c + 3 * ldc, low, default, 3, cols);
    }

    /// <summary>The values of the row at <paramref name="source"/> in the lanes of <paramref name="mask"/>, zeros elsewhere (nothing past them is read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Tail(float* source, Vector512<float> mask) => Avx512F.MaskLoad(source, mask, Vector512<float>.Zero);

    /// <summary>
    /// Sums each of 24 accumulators across its 16 lanes: halves, then quads, then pairs within a quad, twice —
    /// the same tree for every accumulator. Lane 4t + u of <paramref name="low"/> is the sum of accumulator 4u + t,
    /// and of <paramref name="high"/> that of accumulator 16 + 4u + t (u &lt; 2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce(
        Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3,
        Vector512<float> s4, Vector512<float> s5, Vector512<float> s6, Vector512<float> s7,
        Vector512<float> s8, Vector512<float> s9, Vector512<float> s10, Vector512<float> s11,
        Vector512<float> s12, Vector512<float> s13, Vector512<float> s14, Vector512<float> s15,
        Vector512<float> s16, Vector512<float> s17, Vector512<float> s18, Vector512<float> s19,
        Vector512<float> s20, Vector512<float> s21, Vector512<float> s22, Vector512<float> s23,
        out Vector512<float> low, out Vector512<float> high)
    {
        // Halves: quads (x.q0 + x.q2, x.q1 + x.q3, y.q0 + y.q2, y.q1 + y.q3).
        var h0 = Halves(s0, s1);
        var h1 = Halves(s2, s3);
        var h2 = Halves(s4, s5);
        var h3 = Halves(s6, s7);
        var h4 = Halves(s8, s9);
        var h5 = Halves(s10, s11);
        var h6 = Halves(s12, s13);
        var h7 = Halves(s14, s15);
        var h8 = Halves(s16, s17);
        var h9 = Halves(s18, s19);
        var h10 = Halves(s20, s21);
        var h11 = Halves(s22, s23);
        // Quads: quad t holds the four lane sums left of accumulator 4j + t.
        var q0 = Quads(h0, h1);
        var q1 = Quads(h2, h3);
        var q2 = Quads(h4, h5);
        var q3 = Quads(h6, h7);
        var q4 = Quads(h8, h9);
        var q5 = Quads(h10, h11);
        // Pairs within each quad, twice: quad t ends as (acc t, acc 4 + t, acc 8 + t, acc 12 + t).
        var p0 = Pairs(q0, q1);
        var p1 = Pairs(q2, q3);
        var p2 = Pairs(q4, q5);
        low = Pairs(p0, p1);
        high = Pairs(p2, Vector512<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Halves(Vector512<float> x, Vector512<float> y)
        => Avx512F.Shuffle4x128(x, y, 0x44) + Avx512F.Shuffle4x128(x, y, 0xEE);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Quads(Vector512<float> x, Vector512<float> y)
        => Avx512F.Shuffle4x128(x, y, 0x88) + Avx512F.Shuffle4x128(x, y, 0xDD);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Pairs(Vector512<float> x, Vector512<float> y)
        => Avx512F.Shuffle(x, y, 0x88) + Avx512F.Shuffle(x, y, 0xDD);

    /// <summary>The store of one tile row: α·s, or FMA(s, α, β·C).</summary>
    private readonly struct Merge(float alpha, float beta, bool accumulate)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Row(float* c, Vector512<float> low, Vector512<float> high, [ConstantExpected(Max = (byte)3)] byte row, int cols)
        {
            var first = Avx512F.ExtractVector128(low, row);
            if (cols >= 4)
            {
                var current = accumulate ? Vector128.Load(c) : Vector128<float>.Zero;
                (accumulate ? Fma.MultiplyAdd(first, Vector128.Create(alpha), Vector128.Create(beta) * current) : first * alpha).Store(c);
            }
            else
            {
                for (int s = 0; s < cols; s++)
                    c[s] = One(first.GetElement(s), c[s]);
            }
            if (cols > 4)
            {
                var second = Avx512F.ExtractVector128(high, row);
                c[4] = One(second.GetElement(0), c[4]);
                if (cols > 5)
                    c[5] = One(second.GetElement(1), c[5]);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private float One(float sum, float current) => accumulate ? MathF.FusedMultiplyAdd(sum, alpha, beta * current) : sum * alpha;
    }
}
