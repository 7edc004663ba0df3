using System.Numerics;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// How C is cut into rectangular parts, one per thread: a grid of
/// <see cref="RowParts"/> × <see cref="ColumnParts"/> blocks, cut between any two rows (each part balances
/// its own register tiles) and on whole vectors of columns. k is never split, so each element of C is
/// computed exactly as a single thread would compute it.
/// </summary>
internal readonly record struct GemmPartition(int M, int N, int RowParts, int ColumnParts, int ColumnUnit)
{
    /// <summary>
    /// Products below this many multiply-adds per thread run on the calling thread only: about
    /// 5 µs of one core, the order of waking a parked worker.
    /// </summary>
    public const long MinWorkPerThread = 1L << 19;

    /// <summary>Number of parts.</summary>
    public int Parts => RowParts * ColumnParts;

    /// <summary>The rows and columns of C that part <paramref name="part"/> computes.</summary>
    public void Region(int part, out int m0, out int m1, out int n0, out int n1)
    {
        Split(M, 1, RowParts, part / ColumnParts, out m0, out m1);
        Split(N, ColumnUnit, ColumnParts, part % ColumnParts, out n0, out n1);
    }

    /// <summary>
    /// Chooses the grid for <paramref name="problem"/> with at most <paramref name="maxThreads"/>
    /// parts: the one whose largest part has the lowest estimated cost (multiply-adds plus the
    /// packing each part repeats).
    /// </summary>
    public static GemmPartition Choose<T, TKernel>(in GemmProblem<T> problem, int maxThreads)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
    {
        int m = problem.M, n = problem.N, k = problem.K;
        // Dot-product tiles are 6 columns wide: parts cut on multiples of 48 (and of the vector width) end on whole tiles.
        int columnUnit = problem.DotProducts ? 3 * TKernel.Lanes : TKernel.Lanes;
        long work = (long)m * n * k;
        int threads = (int)Math.Clamp(work / MinWorkPerThread, 1, Math.Max(1, maxThreads));
        var best = new GemmPartition(m, n, 1, 1, columnUnit);
        if (threads == 1)
            return best;

        int columnUnits = GemmBlocking.DivUp(n, columnUnit);
        double bestCost = double.MaxValue;
        for (int rowParts = 1; rowParts <= threads; rowParts++)
        {
            int columnParts = threads / rowParts;
            if (rowParts > m || columnParts > columnUnits)
                continue;
            int rows = GemmBlocking.DivUp(m, rowParts);
            int columns = Math.Min(n, GemmBlocking.DivUp(columnUnits, columnParts) * columnUnit);
            double cost = PartCost<T, TKernel>(problem, rows, columns);
            if (cost < bestCost * 0.999)
            {
                bestCost = cost;
                best = new GemmPartition(m, n, rowParts, columnParts, columnUnit);
            }
        }
        return best;
    }

    /// <summary>
    /// Rough cycles for one part of <paramref name="rows"/> × <paramref name="columns"/>: FMAs at two
    /// vectors per cycle, plus packing at a fraction of a cycle per element (transposes cost more
    /// than copies). A is packed once; B once per block of A rows, or streamed.
    /// </summary>
    private static double PartCost<T, TKernel>(in GemmProblem<T> problem, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
    {
        const double Copy = 0.25, Transpose = 0.5, Stream = 0.15;
        int lanes = TKernel.Lanes;
        int k = problem.K;
        if (problem.DotProducts)
        {
            // No packing: A's rows are read once, B's once per row block, and tiles are 4 × 6.
            double tiles = (double)GemmBlocking.DivUp(rows, DotProductKernel.Rows) * GemmBlocking.DivUp(columns, DotProductKernel.Columns);
            int blocks = GemmBlocking.DivUp(rows, problem.Blocking.MaxBlockRows);
            return tiles * DotProductKernel.Rows * DotProductKernel.Columns * k / (2.0 * lanes)
                + ((double)rows * k + (double)columns * k * blocks) * Stream;
        }
        double fma = (double)rows * GemmBlocking.RoundUp(columns, lanes) * k / (2.0 * lanes);
        bool streaming = problem.Blocking.StreamsB<T, TKernel>(problem.TransB, rows);
        int rowBlocks = GemmBlocking.DivUp(rows, problem.Blocking.MaxBlockRows);
        double packA = (double)rows * k * (problem.TransA ? Copy : Transpose);
        double packB = (double)columns * k * (streaming ? Stream : rowBlocks * (problem.TransB ? Transpose : Copy));
        return fma + packA + packB;
    }

    private static void Split(int extent, int unit, int parts, int index, out int start, out int end)
    {
        long units = GemmBlocking.DivUp(extent, unit);
        start = (int)Math.Min(extent, units * index / parts * unit);
        end = (int)Math.Min(extent, units * (index + 1) / parts * unit);
    }
}
