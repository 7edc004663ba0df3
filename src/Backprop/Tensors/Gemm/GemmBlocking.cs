using System.Numerics;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// Cache blocking for one product: the depth of each k block, the most columns of one packed B
/// panel and the most rows of one packed A block.
/// </summary>
/// <remarks>
/// <para>The loops are, outermost first: k in blocks of <see cref="Depth"/>; rows of C in blocks of
/// up to <see cref="MaxBlockRows"/> (pack that A block, once); columns of C in panels of up to
/// <see cref="MaxPanelColumns"/> (pack that B panel); the A block's micro-panels of
/// <see cref="TileRowsFor">tile-height</see> rows; the panel's register tiles. An A micro-panel
/// (<c>tile rows × Depth</c>) is reused from L1 by every tile of its row, the B panel
/// (<c>Depth × MaxPanelColumns</c>) from L2 by every micro-panel, and the A block (L3) is read
/// once per panel. Each element of A and B is packed once per call unless the part's rows exceed
/// one block.</para>
/// <para><see cref="Depth"/> depends only on k, the element size and whether the product runs as dot
/// products (<see cref="DotProductDriver"/>, a choice made from the product's shape), never on the thread
/// count or the part of C, so every element of C is accumulated in the same order wherever it is computed.
/// The dot-product path uses <see cref="Depth"/> and <see cref="MaxBlockRows"/> only.</para>
/// </remarks>
internal readonly record struct GemmBlocking(int Depth, int MaxPanelColumns, int MaxBlockRows)
{
    /// <summary>
    /// Bytes of one packed row of an A micro-panel along k (<c>Depth · sizeof(T)</c>): 384 floats or
    /// 192 doubles. The largest micro-panel (14 rows) then takes 21 KiB, under half of a 48 KiB L1d,
    /// so it stays resident while B streams past it; deeper blocks also amortize the C update.
    /// </summary>
    public const int DepthBytes = 1536;

    /// <summary>
    /// Bytes of one packed B panel (<c>Depth × MaxPanelColumns</c>): about 60% of a 1 MiB L2, which
    /// leaves room for the A micro-panel, the C tiles and the hardware prefetcher's run-ahead.
    /// </summary>
    public const int PanelBytes = 640 * 1024;

    /// <summary>
    /// Bytes of one packed A block (<c>MaxBlockRows × Depth</c>). It is streamed from L3 once per B
    /// panel, so it only has to share L3 fairly: 2 MiB per thread.
    /// </summary>
    public const int RowBlockBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Most bytes of one B micro-panel (<c>Depth</c> × two vectors) read in place rather than packed: ¾ of a
    /// 48 KiB L1d, so the micro-panel stays there while every row tile of the part runs across it.
    /// </summary>
    public const int StreamedPanelBytes = 36 * 1024;

    /// <summary>
    /// Most bytes of packed A (<c>part rows × Depth</c>) when B is read in place: the part's whole A block is read
    /// again for each B micro-panel, so it must stay in L2 (a quarter of 1 MiB) beside B's rows.
    /// </summary>
    public const int StreamedRowBytes = 256 * 1024;

    /// <summary>
    /// Whether a part of <paramref name="rows"/> rows reads op(B) = B in place (its rows are contiguous along n)
    /// instead of packing it. Packing B pays a read, a write and a re-read of every element; it earns that back
    /// only when a B panel is reused by more A rows than L1 and L2 can serve from the source. With one or two row
    /// tiles a packed panel would be read once or twice, so B always streams; with more rows it streams while
    /// the B micro-panel fits in L1 by size (<see cref="StreamedPanelBytes"/>; a row stride that is a multiple of
    /// 512 bytes maps its lines to fewer sets, so some may still be evicted) and the packed A rows in L2
    /// (<see cref="StreamedRowBytes"/>). The measurements below are the justification. Measured on W2's shapes with two threads: dW1 256×784×128 114 → 109 µs,
    /// Z2 128×128×256 +7 %, dA1 256×128×128 +5 %, W5's 128×256×784 +15 % (k blocks of 264); large squares
    /// (1024³: 512 rows × 344 deep per part) keep the packed path. Streaming never changes a result: each element
    /// of C is the same chain of FMAs over k.
    /// </summary>
    public readonly unsafe bool StreamsB<T, TKernel>(bool transB, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
    {
        if (transB)
            return false;
        if (rows <= 2 * TKernel.MaxRows)
            return true;
        return (long)Depth * 2 * TKernel.Lanes * sizeof(T) <= StreamedPanelBytes
            && (long)rows * Depth * sizeof(T) <= StreamedRowBytes;
    }

    /// <summary>Chooses the blocking for a product of inner dimension <paramref name="k"/> on the path <typeparamref name="TKernel"/>.</summary>
    public static unsafe GemmBlocking Create<T, TKernel>(int k)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
    {
        // Equal k blocks instead of full blocks and a thin remainder: each block pays a read and
        // write of C, which a 20-deep leftover block would not amortize.
        int maxDepth = DepthBytes / sizeof(T);
        int kBlocks = Math.Max(1, DivUp(k, maxDepth));
        int depth = RoundUp(DivUp(k, kBlocks), 8);

        int panelWidth = 2 * TKernel.Lanes;
        int maxColumns = Math.Max(panelWidth, PanelBytes / (depth * sizeof(T)) / panelWidth * panelWidth);
        int maxRows = Math.Max(TKernel.MaxRows, RowBlockBytes / (depth * sizeof(T)));
        return new GemmBlocking(depth, maxColumns, maxRows);
    }

    /// <summary>
    /// Height of the register tiles for a part of C with <paramref name="rows"/> rows: balanced, so 20 rows run
    /// as two 10-row tiles rather than 14 + 6 and no tile is short of the independent accumulator chains the
    /// FMA pipes need. Tile height never changes a result (each element of C is one chain over k).
    /// </summary>
    public static int TileRowsFor(int rows, int maxTileRows)
        => Math.Max(1, DivUp(rows, Math.Max(1, DivUp(rows, maxTileRows))));

    /// <summary>
    /// Splits <paramref name="extent"/> into the fewest blocks of at most <paramref name="max"/>
    /// and returns their common size, rounded up to a multiple of <paramref name="unit"/>: equal
    /// blocks rather than full ones and a sliver.
    /// </summary>
    public static int Balance(int extent, int max, int unit)
        => RoundUp(DivUp(extent, Math.Max(1, DivUp(extent, max))), unit);

    /// <summary>⌈a / b⌉ for non-negative a and positive b.</summary>
    public static int DivUp(int a, int b) => (a + b - 1) / b;

    /// <summary>a rounded up to a multiple of b.</summary>
    public static int RoundUp(int a, int b) => DivUp(a, b) * b;
}
