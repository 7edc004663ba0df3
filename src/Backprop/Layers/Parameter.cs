using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// A trainable tensor and its gradient, kept together: <see cref="Value"/> is updated by the optimizer
/// from <see cref="Gradient"/>, which backward propagation fills.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class Parameter<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a zero-valued parameter of the given shape.</summary>
    /// <param name="name">A dotted name such as <c>layers.0.W</c>.</param>
    /// <param name="rows">Rows of the value and the gradient.</param>
    /// <param name="columns">Columns of the value and the gradient.</param>
    /// <param name="regularized">True for weight matrices, which L2/L1 penalties and decoupled weight decay act on; false for biases and normalization parameters.</param>
    public Parameter(string name, int rows, int columns, bool regularized = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Regularized = regularized;
        Value = new Matrix<T>(rows, columns);
        Gradient = new Matrix<T>(rows, columns);
    }

    /// <summary>The dotted name, e.g. <c>layers.2.W</c>.</summary>
    public string Name { get; }

    /// <summary>The current value.</summary>
    public Matrix<T> Value { get; }

    /// <summary>∂J/∂Value from the last backward pass.</summary>
    public Matrix<T> Gradient { get; }

    /// <summary>True for weights (penalized by L2/L1 and decayed by AdamW); false for biases, γ and β.</summary>
    public bool Regularized { get; }

    /// <summary>
    /// True when training must leave this parameter unchanged (a frozen layer in transfer learning):
    /// the trainer gives the optimizer only parameters that are not frozen.
    /// </summary>
    public bool Frozen { get; set; }

    /// <summary>Number of scalar entries.</summary>
    public int Count => Value.Length;

    /// <summary>
    /// Set by the layer that computed <see cref="Gradient"/> when it checked every entry finite while computing it, so
    /// that the trainer's divergence check can skip it; the check clears it after each step, and a regularizer that
    /// adds to the gradient clears it too. False means "not known", never "not finite".
    /// </summary>
    internal bool GradientVerifiedFinite { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Value.ShapeText}";
}
