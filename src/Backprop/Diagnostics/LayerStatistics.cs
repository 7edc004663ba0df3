using System.Numerics;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Tensors;

namespace Backprop.Diagnostics;

/// <summary>
/// Snapshots of a network's layers after a forward and backward pass: the norms of every parameter and
/// gradient, the backward error signal dZ, and statistics of the activations. These are the quantities
/// the course watches to see vanishing and exploding gradients, dead ReLUs and saturated sigmoid or tanh
/// units.
/// </summary>
/// <remarks>
/// <para>A snapshot reads what the network holds: each parameter's current value, the gradients and dZ
/// of the last backward pass, and the activations of the last forward pass (the last mini-batch's). Inside
/// <see cref="Training.Trainer"/> callbacks the update has already run, so ‖θ‖ is after the step while
/// ‖dθ‖ is the gradient that made it, including any regularization term and any clipping.</para>
/// <para>Every statistic is accumulated in double precision, whatever <c>T</c> is, so float networks report
/// the same numbers as double ones up to their own rounding.</para>
/// </remarks>
/// <example>
/// <code>
/// network.ComputeGradients(x, y);
/// foreach (var layer in LayerStatistics.Capture(network))
///     Console.WriteLine(layer);   // Layer 0 Dense(2 => 4, ReLU) | dZ rms 0.0121 | layers.0.W: ‖θ‖ 1.9, ‖dθ‖ 0.013, …
/// </code>
/// </example>
public static class LayerStatistics
{
    /// <summary>
    /// How close to an asymptote an activation counts as saturated: |a| &gt; 0.99 for tanh, and a &lt; 0.01
    /// or a &gt; 0.99 for sigmoid (see <see cref="ActivationStatistics.SaturatedFraction"/>).
    /// </summary>
    public const double SaturationLevel = 0.99;

    /// <summary>Captures every layer of <paramref name="network"/> as it stands after a forward and backward pass.</summary>
    /// <returns>One snapshot per layer, input side first.</returns>
    /// <exception cref="InvalidOperationException">No forward pass has run yet.</exception>
    public static IReadOnlyList<LayerSnapshot> Capture<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Layers[^1] is DenseLayer<T> { Output.Length: 0 })
            throw new InvalidOperationException("Layer statistics need a forward and backward pass first: call ComputeGradients (or capture from a training callback).");
        var snapshots = new LayerSnapshot[network.Layers.Count];
        for (int l = 0; l < snapshots.Length; l++)
            snapshots[l] = CaptureLayer(l, network.Layers[l]);
        return Array.AsReadOnly(snapshots);
    }

    /// <summary>Runs <see cref="Network{T}.ComputeGradients"/> on the batch (<paramref name="x"/>, <paramref name="y"/>), then captures every layer.</summary>
    /// <exception cref="ShapeMismatchException">X or Y does not fit the network.</exception>
    public static IReadOnlyList<LayerSnapshot> Capture<T>(Network<T> network, Matrix<T> x, Matrix<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        network.ComputeGradients(x, y);
        return Capture(network);
    }

    private static LayerSnapshot CaptureLayer<T>(int index, ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = layer.Parameters
            .Select(p => new ParameterStatistics(p.Name, p.Regularized, Norm<T>(p.Value.Span), Norm<T>(p.Gradient.Span)))
            .ToArray();
        double? rms = null;
        ActivationStatistics? activations = null;
        switch (layer)
        {
            case DenseLayer<T> dense:
                var dZ = dense.PreActivationGradient;
                if (dZ.Length > 0)
                    rms = Norm<T>(dZ.Span) / Math.Sqrt(dZ.Length);
                activations = Describe(dense.Output, dense.Activation);
                break;
            case ActivationLayer<T> activation:
                activations = Describe(activation.Output, activation.Activation);
                break;
            case BatchNormLayer<T> batchNorm:
                activations = Describe(batchNorm.Output, activation: null);
                break;
        }
        return new LayerSnapshot(index, layer.ToString() ?? layer.GetType().Name, Array.AsReadOnly(parameters), rms, activations);
    }

    /// <summary>
    /// ‖v‖₂, scaled by the largest magnitude first so that exploding values (|v| &gt; 1e154) do not overflow
    /// the sum of squares into a spurious ∞. NaN if any entry is NaN, ∞ if any is infinite.
    /// </summary>
    internal static double Norm<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0;
        foreach (var value in values)
        {
            double magnitude = Math.Abs(double.CreateTruncating(value));
            if (double.IsNaN(magnitude))
                return double.NaN;
            largest = Math.Max(largest, magnitude);
        }
        if (largest == 0 || double.IsInfinity(largest))
            return largest;
        double sum = 0;
        foreach (var value in values)
        {
            double scaled = double.CreateTruncating(value) / largest;
            sum += scaled * scaled;
        }
        return largest * Math.Sqrt(sum);
    }

    private static ActivationStatistics? Describe<T>(Matrix<T> a, Activation? activation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length == 0)
            return null;
        var values = a.Span;
        double sum = 0;
        int zeros = 0, saturated = 0;
        var saturation = SaturationTest(activation);
        foreach (var value in values)
        {
            double v = double.CreateTruncating(value);
            sum += v;
            if (v == 0)
                zeros++;
            if (saturation is not null && saturation(v))
                saturated++;
        }
        double mean = sum / values.Length;
        // Two passes: the one-pass E[a²] − E[a]² cancels badly when the spread is small next to the mean.
        double squares = 0;
        foreach (var value in values)
        {
            double d = double.CreateTruncating(value) - mean;
            squares += d * d;
        }
        int deadUnits = 0;
        for (int r = 0; r < a.Rows; r++)
        {
            if (!a.Row(r).ContainsAnyExcept(T.Zero))
                deadUnits++;
        }
        return new ActivationStatistics(a.Rows, a.Columns, mean, Math.Sqrt(squares / values.Length),
            (double)zeros / values.Length, (double)deadUnits / a.Rows,
            saturation is null ? null : (double)saturated / values.Length);
    }

    /// <summary>Whether an activation value lies within 1 − <see cref="SaturationLevel"/> of the activation's asymptotes; null where that is not defined.</summary>
    private static Func<double, bool>? SaturationTest(Activation? activation)
    {
        if (ReferenceEquals(activation, Activation.Tanh))
            return a => Math.Abs(a) > SaturationLevel;
        if (ReferenceEquals(activation, Activation.Sigmoid))
            return a => a > SaturationLevel || a < 1 - SaturationLevel;
        return null;
    }
}
