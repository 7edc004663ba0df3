using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// The loops around <see cref="DotProductKernel"/> for one part of C, and which products take that path: single
/// precision on the AVX-512 path, op(A) = A and op(B) = Bᵀ (both operands' rows contiguous along k), and either
/// a deep product (k ≥ <see cref="MinDepth"/>) or a skinny one (m ≤ <see cref="MaxSkinnyRows"/>, k ≥
/// <see cref="MinSkinnyDepth"/>), where packing B for few rows of A costs more than the product.
/// </summary>
/// <remarks>
/// <para>Measured (medians of alternating runs): W2's first layer forward, Z1 = W1·rowsᵀ 256×128×784 on two
/// threads, 133 → 121 µs in place; W1's dW1 20×12288×209 143 → 202 GFLOP/s on one core; W2's dW3 10×128×128 102 →
/// 143. Below k ≈ 256 with many rows the packed path is as fast or faster (128×256×128: 215 against 197 on one
/// core), so it keeps those.</para>
/// <para>The choice depends only on the product's shape, never on the thread count or the part, so every element
/// of C is computed the same way however C is split. Double precision keeps the packed path, and with it the bits
/// of the course reproductions.</para>
/// </remarks>
internal static unsafe class DotProductDriver
{
    /// <summary>Smallest k for which any NT product takes this path.</summary>
    public const int MinDepth = 512;

    /// <summary>Most rows of C for which a shallower NT product takes this path.</summary>
    public const int MaxSkinnyRows = 28;

    /// <summary>Smallest k for a skinny product: below it the lane sums cost more than the dot products.</summary>
    public const int MinSkinnyDepth = 128;

    /// <summary>
    /// Most floats of one k block: 4 rows of A and 6 of B (40 KiB at 1 024) must stay in the 48 KiB L1d while the
    /// tile runs; 800 keeps them at 32 KiB and W2's and W3's k = 784 in one block.
    /// </summary>
    public const int MaxDepth = 800;

    /// <summary>
    /// Most bytes of A rows in one row block: B's rows are read once per block from L2 or L3, the block's own rows
    /// once per six columns, so the block stays in half of a 1 MiB L2.
    /// </summary>
    public const int RowBlockBytes = 512 * 1024;

    /// <summary>Whether a product of this shape and layout runs as dot products on <typeparamref name="TKernel"/>.</summary>
    public static bool Suits<T, TKernel>(bool transA, bool transB, int m, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
        => typeof(T) == typeof(float) && typeof(TKernel) == typeof(Avx512Kernel<float>)
            && Avx512F.IsSupported && Vector512.IsHardwareAccelerated
            && !transA && transB
            && (k >= MinDepth || (m <= MaxSkinnyRows && k >= MinSkinnyDepth));

    /// <summary>
    /// The blocking of a dot-product product: equal k blocks of at most <see cref="MaxDepth"/> (multiples of 16,
    /// depending only on k) and row blocks of at most <see cref="RowBlockBytes"/>.
    /// </summary>
    public static GemmBlocking Blocking(int k)
    {
        int kBlocks = GemmBlocking.DivUp(k, MaxDepth);
        int depth = GemmBlocking.RoundUp(GemmBlocking.DivUp(k, kBlocks), 16);
        int rows = Math.Max(DotProductKernel.Rows, RowBlockBytes / (depth * sizeof(float)) / DotProductKernel.Rows * DotProductKernel.Rows);
        // No B panels on this path: MaxPanelColumns is unused.
        return new GemmBlocking(depth, 0, rows);
    }

    /// <summary>Computes rows [m0, m1) × columns [n0, n1) of C; <typeparamref name="T"/> is float.</summary>
    public static void Run<T>(in GemmProblem<T> problem, int m0, int m1, int n0, int n1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m0 >= m1 || n0 >= n1)
            return;
        GemmBlocking blocking = problem.Blocking;
        int blockRows = GemmBlocking.Balance(m1 - m0, blocking.MaxBlockRows, DotProductKernel.Rows);
        float alpha = float.CreateTruncating(problem.Alpha);
        for (int pc = 0; pc < problem.K; pc += blocking.Depth)
        {
            int kc = Math.Min(blocking.Depth, problem.K - pc);
            bool first = pc == 0;
            float beta = first ? float.CreateTruncating(problem.Beta) : 1f;
            bool accumulate = !first || problem.Beta != T.Zero;
            for (int ib = m0; ib < m1; ib += blockRows)
            {
                int ie = Math.Min(m1, ib + blockRows);
                // Six rows of B stay in L1 while every tile of the row block runs across them; the last columns go in
                // tiles of four where six would be mostly padding (8 = 4 + 4, or 4 and fewer).
                for (int jc = n0, cols; jc < n1; jc += cols)
                {
                    int left = n1 - jc;
                    bool narrow = left <= DotProductKernel.NarrowColumns || left == 2 * DotProductKernel.NarrowColumns;
                    cols = Math.Min(narrow ? DotProductKernel.NarrowColumns : DotProductKernel.Columns, left);
                    delegate*<float*, nint, int, float*, nint, int, int, float*, nint, float, float, bool, void> tile =
                        narrow ? &DotProductKernel.NarrowTile : &DotProductKernel.Tile;
                    for (int ic = ib; ic < ie; ic += DotProductKernel.Rows)
                    {
                        tile((float*)problem.AAt(ic, pc), problem.Lda, Math.Min(DotProductKernel.Rows, ie - ic),
                            (float*)problem.BAt(pc, jc), problem.Ldb, cols, kc,
                            (float*)problem.CAt(ic, jc), problem.Ldc, alpha, beta, accumulate);
                    }
                }
            }
        }
    }
}
