using System.Numerics;
using Backprop.Data;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Training;

/// <summary>
/// Cuts a data set into mini-batches each epoch, as the course does: order the m examples (shuffled
/// or not), then take consecutive slices of <see cref="BatchSize"/> columns, keeping the last, smaller
/// slice. Batch size 1 is stochastic gradient descent; batch size m is batch gradient descent.
/// </summary>
/// <remarks>
/// <para>The batch matrices are allocated once, for the largest batch, and reused: gathering a batch
/// allocates nothing. Without shuffling, a single full batch is the data set itself (no copy).</para>
/// <para>When shuffled batches are smaller than the set, the batcher keeps an example-major copy of X
/// (one row per example; the same size as X). In X's feature-major layout one example's features lie a
/// whole row apart, so gathering a random batch would touch a separate cache line for every value; from
/// the copy each example is one contiguous read, and a blocked transpose in cache forms the batch. On
/// Fashion-MNIST this turns a quarter-second per epoch of cache misses into a few milliseconds. A set held
/// example-major (<see cref="Dataset{T}.FromExampleRows"/>) is read directly, with no copy.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class MiniBatcher<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dataset<T> _data;
    private readonly ShufflePolicy _shuffle;
    private readonly int[] _order;
    private readonly Matrix<T> _x;
    private readonly Matrix<T> _y;
    private readonly Matrix<T>? _xByExample;
    private readonly Matrix<T>? _rows;
    private readonly ElementwiseWork _gather;
    private int _gatherStart;

    /// <summary>Prepares batches of <paramref name="batchSize"/> examples from <paramref name="data"/>.</summary>
    /// <param name="data">The data set; never modified.</param>
    /// <param name="batchSize">Examples per batch (at most m).</param>
    /// <param name="shuffle">How examples are ordered each epoch.</param>
    /// <param name="alwaysCopy">Copy even a single unshuffled batch, so the caller may modify the batch (augmentation).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    public MiniBatcher(Dataset<T> data, int batchSize, ShufflePolicy shuffle, bool alwaysCopy = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shuffle);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The mini-batch size must be at least 1.");
        _data = data;
        _shuffle = shuffle;
        BatchSize = Math.Min(batchSize, data.Count);
        _order = new int[data.Count];
        _gather = new ElementwiseWork(CopyRows);
        bool copies = alwaysCopy || shuffle.Shuffles || BatchSize < data.Count || data.Layout == DataLayout.ExampleMajor;
        _x = copies ? new Matrix<T>(data.Features, BatchSize) : data.X;
        _y = copies ? new Matrix<T>(data.Y.Rows, BatchSize) : data.Y;
        if (data.ExampleRows is not null)
        {
            _xByExample = data.ExampleRows;
        }
        else if (shuffle.Shuffles && BatchSize < data.Count && data.Features > 1)
        {
            _xByExample = new Matrix<T>(data.Count, data.Features);
            Transpose.Blocked<T>(data.X.Span, data.Features, data.Count, _xByExample.Span);
        }
        if (_xByExample is not null)
            _rows = new Matrix<T>(BatchSize, data.Features);
    }

    /// <summary>Examples per batch (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch, ⌈m / BatchSize⌉.</summary>
    public int BatchesPerEpoch => (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>Orders the examples for <paramref name="epoch"/>; call before taking its batches.</summary>
    public void StartEpoch(int epoch) => _shuffle.Permute(epoch, _order);

    /// <summary>
    /// Batch <paramref name="index"/> of the current epoch, as (X, Y) with the batch's examples as
    /// columns. The matrices are reused by the next call.
    /// </summary>
    public (Matrix<T> X, Matrix<T> Y) Batch(int index)
    {
        if ((uint)index >= (uint)BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"An epoch has {BatchesPerEpoch} batches.");
        if (ReferenceEquals(_y, _data.Y))
            return (_x, _y);
        int start = index * BatchSize;
        int count = Math.Min(BatchSize, _data.Count - start);
        ReadOnlySpan<int> columns = _order.AsSpan(start, count);
        if (_xByExample is not null && _rows is not null)
        {
            GatherRows(start, count);
            _x.Reshape(_data.Features, count);
            Transpose.Blocked<T>(_rows.Span, count, _data.Features, _x.Span);
        }
        else
        {
            Gather(_data.X, columns, _x);
        }
        Gather(_data.Y, columns, _y);
        return (_x, _y);
    }

    /// <summary>Whether <see cref="BatchRows"/> is available: the batcher gathers whole example rows.</summary>
    public bool ProvidesRows => _rows is not null;

    /// <summary>
    /// Batch <paramref name="index"/> of the current epoch held example-major: Xᵀ ([count, n_x], example j of the
    /// batch in row j) and Y ([n_y, count]); the same examples as <see cref="Batch"/>, without the transposition.
    /// The matrices are reused by the next call.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="ProvidesRows"/> is false.</exception>
    public (Matrix<T> Rows, Matrix<T> Y) BatchRows(int index)
    {
        if (_xByExample is null || _rows is null)
            throw new InvalidOperationException("This batcher gathers columns, not example rows: see ProvidesRows.");
        if ((uint)index >= (uint)BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"An epoch has {BatchesPerEpoch} batches.");
        int start = index * BatchSize;
        int count = Math.Min(BatchSize, _data.Count - start);
        ReadOnlySpan<int> columns = _order.AsSpan(start, count);
        GatherRows(start, count);
        Gather(_data.Y, columns, _y);
        return (_rows, _y);
    }

    /// <summary>
    /// Copies the rows of examples <c>_order[start .. start + count)</c> into <see cref="_rows"/>, split between
    /// the GEMM's worker threads when the batch is large enough.
    /// </summary>
    /// <remarks>
    /// Why two threads for a copy: the rows of a shuffled batch are scattered over the whole set, so each row
    /// starts with a cache and TLB miss; two cores keep twice as many misses in flight.
    /// </remarks>
    private void GatherRows(int start, int count)
    {
        _rows!.Reshape(count, _data.Features);
        _gatherStart = start;
        _gather.Run(count, (long)count * _data.Features);
    }

    /// <summary>Copies the rows of batch examples [first, end) (see <see cref="GatherRows"/>).</summary>
    private void CopyRows(int first, int end)
    {
        for (int j = first; j < end; j++)
            _xByExample!.Row(_order[_gatherStart + j]).CopyTo(_rows!.Row(j));
    }

    /// <summary>destination[r, j] = source[r, columns[j]]: the course's X[:, permutation][:, k·size : (k+1)·size].</summary>
    private static void Gather(Matrix<T> source, ReadOnlySpan<int> columns, Matrix<T> destination)
    {
        destination.Reshape(source.Rows, columns.Length);
        for (int r = 0; r < source.Rows; r++)
        {
            ReadOnlySpan<T> from = source.Row(r);
            Span<T> to = destination.Row(r);
            for (int j = 0; j < columns.Length; j++)
                to[j] = from[columns[j]];
        }
    }
}
