using System.Numerics;
using Backprop.Layers;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;
using Backprop.Tensors.Kernels;

namespace Backprop.Optimizers;

/// <summary>
/// One Adam step over every parameter, split across the GEMM's worker threads when there is enough of it.
/// </summary>
/// <remarks>
/// <para>The update is element-wise, so each element gets the same arithmetic whichever thread runs it:
/// results are bit-identical for any number of threads. Parameters are cut by <see cref="ParameterSplit"/>, as the
/// trainer's finiteness check cuts them.</para>
/// <para>Why: Adam does three divisions and a square root per weight and reads and writes four arrays; on W2's
/// 235 000 weights that is 54 µs per step on one core. Below
/// <see cref="GemmWorkerPool.ElementwiseThreshold"/> weights (W4's 28) a thread hand-off would cost more than it saves, so
/// the caller's thread does everything.</para>
/// </remarks>
internal sealed class AdamUpdateJob<T> : IParallelWork where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] _parameters;
    private readonly Matrix<T>[] _velocity;
    private readonly Matrix<T>[] _meanSquare;
    private readonly bool[] _decays;
    private readonly int _parts;
    private AdamOperator<T> _plain;
    private DecoupledWeightDecayOperator<T, AdamOperator<T>> _decayed;

    public AdamUpdateJob(Parameter<T>[] parameters, Matrix<T>[] velocity, Matrix<T>[] meanSquare, bool[] decays)
    {
        _parameters = parameters;
        _velocity = velocity;
        _meanSquare = meanSquare;
        _decays = decays;
        long total = parameters.Sum(p => (long)p.Count);
        _parts = GemmWorkerPool.ElementwiseParts(total);
    }

    /// <summary>Applies one step with these operators (plain, and with decoupled weight decay).</summary>
    public void Run(AdamOperator<T> plain, DecoupledWeightDecayOperator<T, AdamOperator<T>> decayed)
    {
        _plain = plain;
        _decayed = decayed;
        GemmWorkerPool.Shared.Run(this, _parts);
    }

    /// <inheritdoc/>
    public void Execute(int part)
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var (start, end) = ParameterSplit.Range(p.Count, part, _parts);
            if (start == end)
                continue;
            int length = end - start;
            var gradient = p.Gradient.Span.Slice(start, length);
            var velocity = _velocity[i].Span.Slice(start, length);
            var meanSquare = _meanSquare[i].Span.Slice(start, length);
            var value = p.Value.Span.Slice(start, length);
            if (_decays[i])
                OptimizerKernels.Update<T, DecoupledWeightDecayOperator<T, AdamOperator<T>>>(gradient, velocity, meanSquare, value, _decayed);
            else
                OptimizerKernels.Update<T, AdamOperator<T>>(gradient, velocity, meanSquare, value, _plain);
        }
    }
}
