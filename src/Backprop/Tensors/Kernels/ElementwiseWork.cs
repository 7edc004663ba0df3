using Backprop.Tensors.Gemm;

namespace Backprop.Tensors.Kernels;

/// <summary>
/// Element-wise work over <c>count</c> independent units (rows, examples), run on the caller's thread or cut in
/// two contiguous ranges for the GEMM's worker threads when <see cref="GemmWorkerPool.ElementwiseParts"/> says it
/// pays. Units are independent, so the result is the same bits either way.
/// </summary>
/// <remarks>Made once by its owner (a layer, the mini-batcher) with the body bound, so running it allocates nothing.</remarks>
/// <param name="body">Processes units [first, end).</param>
internal sealed class ElementwiseWork(Action<int, int> body) : IParallelWork
{
    private int _count;
    private int _parts = 1;

    /// <summary>Runs the body over units [0, <paramref name="count"/>), <paramref name="values"/> values of work in all.</summary>
    public void Run(int count, long values)
    {
        _count = count;
        _parts = GemmWorkerPool.ElementwiseParts(values, count);
        GemmWorkerPool.Shared.Run(this, _parts);
    }

    /// <inheritdoc/>
    public void Execute(int part)
    {
        var (first, end) = Range(_count, part, _parts);
        body(first, end);
    }

    /// <summary>Units [first, end) of part <paramref name="part"/> when <paramref name="count"/> units are cut into <paramref name="parts"/> contiguous ranges.</summary>
    public static (int First, int End) Range(int count, int part, int parts)
        => ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));
}
