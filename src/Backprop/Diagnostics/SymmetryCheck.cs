using System.Numerics;
using Backprop.Layers;

namespace Backprop.Diagnostics;

/// <summary>
/// Finds hidden layers whose units are identical, read from the weights themselves: the course's
/// symmetry problem. With W^[l] = 0 every unit of a layer receives the same input, the same gradient
/// and the same update, so training keeps all rows of [W | b] equal and the layer is no wider than one unit.
/// </summary>
/// <remarks>
/// <para><see cref="NetworkBuilder"/> already warns (in <see cref="Network{T}.Warnings"/>) when a hidden layer
/// is built with a non-random initializer; this check looks at the trained result, whatever produced it.</para>
/// <para>Two units are the same when every entry of their rows of [W | b] differs by at most
/// <c>tolerance · s</c>, where s is the largest |entry| of the layer's W and b. The tolerance absorbs the
/// rounding of matrix products, which may sum different rows in different orders; units that differ for real
/// differ by far more. The output layer is not checked: its units are told apart by their labels.</para>
/// </remarks>
public static class SymmetryCheck
{
    /// <summary>The default relative tolerance, loose enough for float rounding and far below genuine differences between units.</summary>
    public const double DefaultTolerance = 1e-5;

    /// <summary>Counts the distinct units of every hidden dense layer of <paramref name="network"/>.</summary>
    /// <param name="network">The network, typically after training.</param>
    /// <param name="tolerance">Relative tolerance for equal entries, in [0, 1).</param>
    /// <returns>One entry per hidden dense layer, input side first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is outside [0, 1).</exception>
    public static IReadOnlyList<UnitSymmetry> Analyze<T>(Network<T> network, double tolerance = DefaultTolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!(tolerance >= 0 && tolerance < 1))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The relative tolerance must be in [0, 1).");
        var dense = network.Layers.OfType<DenseLayer<T>>().ToList();
        // The last dense layer is the output layer.
        return dense.Take(dense.Count - 1).Select(layer => Analyze(layer, tolerance)).ToArray().AsReadOnly();
    }

    /// <summary>The hidden dense layers of <paramref name="network"/> in which at least two units are identical (all of them, after zero initialization).</summary>
    /// <inheritdoc cref="Analyze{T}(Network{T}, double)"/>
    public static IReadOnlyList<UnitSymmetry> Diagnose<T>(Network<T> network, double tolerance = DefaultTolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Analyze(network, tolerance).Where(s => s.HasDuplicates).ToArray().AsReadOnly();

    private static UnitSymmetry Analyze<T>(DenseLayer<T> layer, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weights = layer.Weights.Value;
        var bias = layer.Bias.Value;
        double scale = Math.Max(LargestMagnitude<T>(weights.Span), LargestMagnitude<T>(bias.Span));
        double allowed = tolerance * scale;
        // Greedy grouping: each unit joins the first representative it matches. Exact for the cases that
        // matter (all equal, or all clearly different); O(n²·n_(l−1)), fine for a diagnostic.
        var representatives = new List<int>();
        for (int r = 0; r < layer.OutputSize; r++)
        {
            if (!representatives.Any(q => Same(weights.Row(q), weights.Row(r), allowed) && Same(bias.Row(q), bias.Row(r), allowed)))
                representatives.Add(r);
        }
        return new UnitSymmetry(layer.Index, layer.ToString(), layer.OutputSize, representatives.Count);
    }

    private static bool Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, double allowed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < a.Length; i++)
        {
            // Written so that NaN entries never count as equal.
            if (!(Math.Abs(double.CreateTruncating(a[i]) - double.CreateTruncating(b[i])) <= allowed))
                return false;
        }
        return true;
    }

    private static double LargestMagnitude<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0;
        foreach (var value in values)
            largest = Math.Max(largest, Math.Abs(double.CreateTruncating(value)));
        return largest;
    }
}
