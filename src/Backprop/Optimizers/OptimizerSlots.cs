using System.Collections.ObjectModel;
using System.Numerics;
using Backprop.Layers;
using Backprop.Tensors;

namespace Backprop.Optimizers;

/// <summary>
/// The bookkeeping every stateful rule shares: checking the parameter list once and allocating one state
/// tensor per parameter, named <c>{parameter}.{slot}</c> (e.g. <c>layers.0.W.velocity</c>).
/// </summary>
internal static class OptimizerSlots
{
    /// <summary>A private copy of <paramref name="parameters"/>, so later changes to the caller's list cannot desynchronize the state.</summary>
    /// <exception cref="ArgumentNullException">The list or one of its entries is null.</exception>
    /// <exception cref="ArgumentException">Two parameters share a name, so their slots could not be told apart.</exception>
    public static Parameter<T>[] Snapshot<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var copy = parameters.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null)
                throw new ArgumentNullException(nameof(parameters), $"Parameter {i} of the list is null.");
            if (!names.Add(copy[i].Name))
                throw new ArgumentException($"Two parameters are named '{copy[i].Name}'; optimizer slots are keyed by parameter name.", nameof(parameters));
        }
        return copy;
    }

    /// <summary>Allocates a zero tensor shaped like each parameter and registers it in <paramref name="table"/> as <c>{name}.{slot}</c>.</summary>
    public static Matrix<T>[] Add<T>(Parameter<T>[] parameters, string slot, Dictionary<string, Matrix<T>> table) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new Matrix<T>[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            tensors[i] = new Matrix<T>(parameters[i].Value.Rows, parameters[i].Value.Columns);
            table.Add($"{parameters[i].Name}.{slot}", tensors[i]);
        }
        return tensors;
    }

    /// <summary>A read-only view, so callers can fill the tensors (to resume training) but not swap them out.</summary>
    public static IReadOnlyDictionary<string, Matrix<T>> Freeze<T>(Dictionary<string, Matrix<T>> table) where T : unmanaged, IFloatingPointIeee754<T>
        => new ReadOnlyDictionary<string, Matrix<T>>(table);

    /// <summary>A restored step count t (checkpoints): any t ≥ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public static int CheckSteps(int steps)
        => steps >= 0 ? steps : throw new ArgumentOutOfRangeException("Steps", steps, "The step count cannot be negative.");
}
