using System.Numerics;
using Backprop.Layers;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>
/// A copy of a network's state (parameters and batch-norm running statistics) that can be restored,
/// for "restore best weights". The copy buffers are allocated on the first save and reused.
/// </summary>
internal sealed class WeightSnapshot<T> : IWeightSnapshot where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Matrix<T>[] _state;
    private Matrix<T>[]? _saved;

    public WeightSnapshot(Network<T> network)
    {
        var running = network.Layers.OfType<BatchNormLayer<T>>().SelectMany(l => new[] { l.RunningMean, l.RunningVariance });
        _state = [.. network.Parameters.Select(p => p.Value), .. running];
    }

    public bool HasSaved => _saved is not null;

    public void Save()
    {
        _saved ??= [.. _state.Select(m => new Matrix<T>(m.Rows, m.Columns))];
        for (int i = 0; i < _state.Length; i++)
            _state[i].Span.CopyTo(_saved[i].Span);
    }

    public void Restore()
    {
        if (_saved is null)
            throw new InvalidOperationException("No weights were saved to restore.");
        for (int i = 0; i < _state.Length; i++)
            _saved[i].Span.CopyTo(_state[i].Span);
    }
}

/// <summary>The element-type-free face of <see cref="WeightSnapshot{T}"/> that callbacks reach through <see cref="TrainingContext"/>.</summary>
internal interface IWeightSnapshot
{
    bool HasSaved { get; }
    void Save();
    void Restore();
}
