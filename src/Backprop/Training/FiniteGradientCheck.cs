using System.Numerics;
using Backprop.Layers;
using Backprop.Tensors.Gemm;
using Backprop.Tensors.Kernels;

namespace Backprop.Training;

/// <summary>
/// The trainer's divergence check before each update: are all gradients finite? Split over the worker threads
/// the way the optimizer's update is (<see cref="ParameterSplit"/>).
/// </summary>
/// <remarks>
/// Measured on W2 (235 000 weights): one thread summing every gradient took about 18 µs of each 450 µs step, with
/// the other core idle, and half of W1's gradient sat in the other core's cache (the GEMM that made it was split).
/// Made once per training run; running it allocates nothing.
/// </remarks>
internal sealed class FiniteGradientCheck<T> : IParallelWork where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IReadOnlyList<Parameter<T>> _parameters;
    private readonly int _parts;
    private readonly int[] _firstBad;

    public FiniteGradientCheck(IReadOnlyList<Parameter<T>> parameters)
    {
        _parameters = parameters;
        long total = 0;
        for (int i = 0; i < parameters.Count; i++)
            total += parameters[i].Count;
        _parts = GemmWorkerPool.ElementwiseParts(total);
        _firstBad = new int[_parts];
    }

    /// <summary>
    /// The first parameter (in order) whose gradient has a NaN or infinite entry, or null when all are finite. Gradients
    /// their layer already checked while computing them (<see cref="Parameter{T}.GradientVerifiedFinite"/>) are not read
    /// again; those marks are cleared here, so each one counts for one step only.
    /// </summary>
    public Parameter<T>? FirstNonFinite()
    {
        bool anyUnverified = false;
        for (int i = 0; i < _parameters.Count && !anyUnverified; i++)
            anyUnverified = !_parameters[i].GradientVerifiedFinite && _parameters[i].Count > 0;
        Array.Fill(_firstBad, int.MaxValue);
        if (anyUnverified)
            GemmWorkerPool.Shared.Run(this, _parts);
        for (int i = 0; i < _parameters.Count; i++)
            _parameters[i].GradientVerifiedFinite = false;
        int first = int.MaxValue;
        foreach (int bad in _firstBad)
            first = Math.Min(first, bad);
        return first == int.MaxValue ? null : _parameters[first];
    }

    /// <inheritdoc/>
    public void Execute(int part)
    {
        _firstBad[part] = int.MaxValue;
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (p.GradientVerifiedFinite)
                continue;
            var (start, end) = ParameterSplit.Range(p.Count, part, _parts);
            if (!FiniteCheck.AllFinite<T>(p.Gradient.Span[start..end]))
            {
                _firstBad[part] = i;
                return;
            }
        }
    }
}
