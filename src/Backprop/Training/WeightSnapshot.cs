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

    /// <summary>The saved copy (parameters in network order, then batch-norm running mean and variance), or null.</summary>
    public IReadOnlyList<Matrix<T>>? Saved => _saved;

    /// <summary>The shapes a saved copy has, in order.</summary>
    public IEnumerable<(int Rows, int Columns)> Shapes => _state.Select(m => (m.Rows, m.Columns));

    /// <summary>Replaces the saved copy with <paramref name="saved"/> (from a checkpoint), without touching the network.</summary>
    /// <exception cref="ArgumentException">The count or a shape does not match the network.</exception>
    public void Load(IReadOnlyList<Matrix<T>> saved)
    {
        if (saved.Count != _state.Length)
            throw new ArgumentException($"The saved best weights hold {saved.Count} tensors but the network has {_state.Length}.", nameof(saved));
        for (int i = 0; i < _state.Length; i++)
            if (saved[i].Rows != _state[i].Rows || saved[i].Columns != _state[i].Columns)
                throw new ArgumentException($"Saved best-weights tensor {i} is {saved[i].ShapeText} but the network's is {_state[i].ShapeText}.", nameof(saved));
        _saved = [.. saved.Select(m => m.Clone())];
    }

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
