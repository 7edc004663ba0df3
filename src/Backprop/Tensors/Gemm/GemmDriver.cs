using System.Numerics;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// The blocked loops around the micro-kernel for one rectangular part of C. A part is computed
/// entirely by one thread, with that thread's packing buffers; parts never share k, so the
/// result does not depend on how C was split.
/// </summary>
internal static unsafe class GemmDriver<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : struct, IMicroKernel<T>
{
    /// <summary>
    /// Computes rows [<paramref name="m0"/>, <paramref name="m1"/>) × columns
    /// [<paramref name="n0"/>, <paramref name="n1"/>) of C.
    /// </summary>
    public static void Run(in GemmProblem<T> problem, int m0, int m1, int n0, int n1)
    {
        if (m0 >= m1 || n0 >= n1)
            return;
        if (problem.Blocking.StreamsB<T, TKernel>(problem.TransB, m1 - m0))
            RunStreamingB(problem, m0, m1, n0, n1);
        else
            RunPackedB(problem, m0, m1, n0, n1);
    }

    /// <summary>
    /// The general case. Per k block, the part's rows of A are packed once into a block of
    /// micro-panels (at most <see cref="GemmBlocking.RowBlockBytes"/>); then each column panel of B
    /// is packed and every micro-panel of the block is run across it.
    /// </summary>
    private static void RunPackedB(in GemmProblem<T> problem, int m0, int m1, int n0, int n1)
    {
        GemmBlocking blocking = problem.Blocking;
        int lanes = TKernel.Lanes;
        int panelWidth = 2 * lanes;
        int tileRows = GemmBlocking.TileRowsFor(m1 - m0, TKernel.MaxRows);
        int depth = blocking.Depth;

        int panelColumns = GemmBlocking.Balance(n1 - n0, blocking.MaxPanelColumns, panelWidth);
        int blockRows = GemmBlocking.Balance(m1 - m0, blocking.MaxBlockRows, tileRows);

        var (aLength, bLength) = BufferLengths(problem);
        T* aPack = GemmBuffers<T>.A(aLength);
        T* bPack = GemmBuffers<T>.B(bLength);
        T* edge = stackalloc T[EdgeLength];

        for (int pc = 0; pc < problem.K; pc += depth)
        {
            int kc = Math.Min(depth, problem.K - pc);
            bool first = pc == 0;
            T beta = first ? problem.Beta : T.One;
            bool accumulate = !first || problem.Beta != T.Zero;

            for (int ib = m0; ib < m1; ib += blockRows)
            {
                int ie = Math.Min(m1, ib + blockRows);
                T* ap = aPack;
                for (int ic = ib; ic < ie; ic += tileRows)
                {
                    int rows = Math.Min(tileRows, ie - ic);
                    GemmPacking.PackA<T, TKernel>(problem.TransA, problem.AAt(ic, pc), problem.Lda, rows, problem.M - ic, kc, ap);
                    ap += (nint)rows * kc;
                }

                for (int jc = n0; jc < n1; jc += panelColumns)
                {
                    int columns = Math.Min(panelColumns, n1 - jc);
                    for (int jr = 0; jr < columns; jr += panelWidth)
                    {
                        int cols = Math.Min(panelWidth, columns - jr);
                        GemmPacking.PackB<T, TKernel>(problem.TransB, problem.BAt(pc, jc + jr), problem.Ldb,
                            cols, problem.N - (jc + jr), TileWidth(cols), kc, bPack + (nint)jr * kc);
                    }

                    ap = aPack;
                    for (int ic = ib; ic < ie; ic += tileRows)
                    {
                        int rows = Math.Min(tileRows, ie - ic);
                        for (int jr = 0; jr < columns; jr += panelWidth)
                        {
                            int cols = Math.Min(panelWidth, columns - jr);
                            Tile(rows, cols, kc, ap, bPack + (nint)jr * kc, TileWidth(cols),
                                problem.CAt(ic, jc + jr), problem.Ldc, problem.Alpha, beta, accumulate, edge);
                        }
                        ap += (nint)rows * kc;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packing-buffer lengths for the largest part either path can take. Parts are claimed by whichever
    /// thread is free and the two paths need different sizes, so sizing by the part (or the path) would let
    /// a thread's buffers grow on a later, identical call — an allocation in steady-state training.
    /// </summary>
    private static (int A, int B) BufferLengths(in GemmProblem<T> problem)
    {
        GemmBlocking blocking = problem.Blocking;
        int lanes = TKernel.Lanes;
        // A block of rows is balanced into tiles of at most MaxRows, so it overshoots MaxBlockRows by less than a tile.
        int rows = Math.Max(blocking.MaxBlockRows, 2 * TKernel.MaxRows) + TKernel.MaxRows;
        int columns = GemmBlocking.RoundUp(blocking.MaxPanelColumns, 2 * lanes);
        return (rows * blocking.Depth + 2 * lanes, blocking.Depth * columns + 2 * lanes);
    }

    /// <summary>
    /// op(B) = B and few enough rows (<see cref="GemmBlocking.StreamsB"/>): the part's rows are packed per k
    /// block, and the kernel reads B's rows in place, each B micro-panel once per row tile while it is still in
    /// L1. Only a partial last column tile is packed (zero-padded). The part's packed rows fit the A buffer:
    /// they are at most <see cref="GemmBlocking.StreamedRowBytes"/>, well under a row block.
    /// </summary>
    private static void RunStreamingB(in GemmProblem<T> problem, int m0, int m1, int n0, int n1)
    {
        int lanes = TKernel.Lanes;
        int panelWidth = 2 * lanes;
        int tileRows = GemmBlocking.TileRowsFor(m1 - m0, TKernel.MaxRows);
        int depth = problem.Blocking.Depth;

        var (aLength, bLength) = BufferLengths(problem);
        T* aPack = GemmBuffers<T>.A(aLength);
        T* bEdge = GemmBuffers<T>.B(bLength);
        T* edge = stackalloc T[EdgeLength];

        for (int pc = 0; pc < problem.K; pc += depth)
        {
            int kc = Math.Min(depth, problem.K - pc);
            bool first = pc == 0;
            T beta = first ? problem.Beta : T.One;
            bool accumulate = !first || problem.Beta != T.Zero;

            T* ap = aPack;
            for (int ic = m0; ic < m1; ic += tileRows)
            {
                int rows = Math.Min(tileRows, m1 - ic);
                GemmPacking.PackA<T, TKernel>(problem.TransA, problem.AAt(ic, pc), problem.Lda, rows, problem.M - ic, kc, ap);
                ap += (nint)rows * kc;
            }

            for (int jr = n0; jr < n1; jr += panelWidth)
            {
                int cols = Math.Min(panelWidth, n1 - jr);
                int tileWidth = TileWidth(cols);
                T* bp = problem.BAt(pc, jr);
                nint ldb = problem.Ldb;
                if (cols != tileWidth)
                {
                    TKernel.PackRows(bp, ldb, cols, tileWidth, kc, bEdge, tileWidth);
                    bp = bEdge;
                    ldb = tileWidth;
                }

                ap = aPack;
                for (int ic = m0; ic < m1; ic += tileRows)
                {
                    int rows = Math.Min(tileRows, m1 - ic);
                    Tile(rows, cols, kc, ap, bp, ldb, problem.CAt(ic, jr), problem.Ldc, problem.Alpha, beta, accumulate, edge);
                    ap += (nint)rows * kc;
                }
            }
        }
    }

    /// <summary>Elements of the scratch tile that partial tiles are computed into.</summary>
    private static int EdgeLength => TKernel.MaxRows * 2 * TKernel.Lanes;

    /// <summary>Width of the register tile (one or two vectors) that covers <paramref name="cols"/> columns.</summary>
    private static int TileWidth(int cols) => cols > TKernel.Lanes ? 2 * TKernel.Lanes : TKernel.Lanes;

    /// <summary>
    /// One register tile. A tile narrower than its vectors is computed into
    /// <paramref name="edge"/> and merged with the same arithmetic the kernel's own store uses
    /// (α·x, or FMA(x, α, β·C)), so edge elements round exactly like interior ones.
    /// </summary>
    private static void Tile(int rows, int cols, int kc, T* a, T* b, nint ldb, T* c, nint ldc,
        T alpha, T beta, bool accumulate, T* edge)
    {
        int tileWidth = TileWidth(cols);
        int vectors = tileWidth / TKernel.Lanes;
        if (cols == tileWidth)
        {
            TKernel.Run(rows, vectors, kc, a, b, ldb, c, ldc, alpha, beta, accumulate);
            return;
        }

        TKernel.Run(rows, vectors, kc, a, b, ldb, edge, tileWidth, T.One, T.Zero, accumulate: false);
        for (int r = 0; r < rows; r++)
        {
            T* source = edge + r * tileWidth;
            T* target = c + r * ldc;
            for (int j = 0; j < cols; j++)
                target[j] = accumulate ? T.FusedMultiplyAdd(source[j], alpha, beta * target[j]) : source[j] * alpha;
        }
    }
}
