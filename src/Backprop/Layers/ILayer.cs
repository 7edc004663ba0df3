using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// One step of a network's forward and backward propagation, vectorized over the m examples
/// (columns) of a batch.
/// </summary>
/// <remarks>
/// A layer owns its output and gradient buffers and reuses them from batch to batch, so steady-state
/// training allocates nothing. Matrices returned by <see cref="Forward"/> and <see cref="Backward"/> stay
/// valid until the next call of the same method.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public interface ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of input units, n_(l−1).</summary>
    int InputSize { get; }

    /// <summary>Number of output units, n_l.</summary>
    int OutputSize { get; }

    /// <summary>The trainable parameters (empty for parameter-free layers).</summary>
    IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>Forward propagation of a batch <paramref name="input"/> of shape [InputSize, m]; caches what backward needs.</summary>
    /// <param name="input">The previous layer's activations A^[l−1]; must stay unchanged until <see cref="Backward"/>.</param>
    /// <param name="training">True during training (dropout and batch statistics are active), false for prediction.</param>
    /// <returns>The activations A^[l], [OutputSize, m].</returns>
    Matrix<T> Forward(Matrix<T> input, bool training);

    /// <summary>Backward propagation from dA^[l]; fills the parameters' gradients.</summary>
    /// <param name="outputGradient">dA^[l], [OutputSize, m]. The layer may overwrite it.</param>
    /// <param name="computeInputGradient">False for the first layer, which needs no dA^[0].</param>
    /// <returns>dA^[l−1], or null when <paramref name="computeInputGradient"/> is false.</returns>
    Matrix<T>? Backward(Matrix<T> outputGradient, bool computeInputGradient);
}
