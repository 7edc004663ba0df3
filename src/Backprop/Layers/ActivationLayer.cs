using System.Numerics;
using Backprop.Activations;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// An activation on its own, A = g(Z), for when something sits between a layer's linear part and its
/// activation (batch normalization of Z). Backward: dZ = dA ⊙ g′(Z).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ActivationLayer<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _zeroBias;
    private Matrix<T> _z = new(0, 0);
    private Matrix<T> _a = new(0, 0);
    private Matrix<T> _dZ = new(0, 0);

    /// <summary>Creates the layer over <paramref name="size"/> units.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public ActivationLayer(int index, int size, Activation activation)
    {
        if (size <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Layer {index}: the number of units must be positive.");
        ArgumentNullException.ThrowIfNull(activation);
        Index = index;
        InputSize = size;
        Activation = activation;
        _zeroBias = new T[size];
    }

    /// <summary>Position in the network, 0-based.</summary>
    public int Index { get; }

    /// <summary>The activation g.</summary>
    public Activation Activation { get; }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int OutputSize => InputSize;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <summary>A of the last forward pass (read by the layer statistics diagnostics).</summary>
    internal Matrix<T> Output => _a;

    /// <inheritdoc/>
    public Matrix<T> Forward(Matrix<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rows != InputSize)
            throw new ShapeMismatchException($"Layer {Index} ({this}): expects input with {InputSize} rows, got {input.ShapeText}.");
        LayerBuffers.Fit(ref _a, InputSize, input.Columns);
        if (Activation.TryApply<T>(input.Span, _a.Span))
            return _a;
        // Softmax adds its (zero) bias into Z in place; the input belongs to the previous layer, so it works on a copy.
        LayerBuffers.Fit(ref _z, InputSize, input.Columns);
        input.Span.CopyTo(_z.Span);
        Activation.Forward(_z, _zeroBias, _a);
        return _a;
    }

    /// <inheritdoc/>
    public Matrix<T>? Backward(Matrix<T> outputGradient, bool computeInputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!computeInputGradient)
            return null;
        if (outputGradient.Rows != _a.Rows || outputGradient.Columns != _a.Columns)
            throw new ShapeMismatchException($"Layer {Index} ({this}): dA is {outputGradient.ShapeText} but A is {_a.ShapeText}.");
        LayerBuffers.Fit(ref _dZ, InputSize, _a.Columns);
        Activation.Backward(_a, outputGradient, _dZ);
        return _dZ;
    }

    /// <inheritdoc/>
    public override string ToString() => Activation.Name;
}
