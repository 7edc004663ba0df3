using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Layers;

/// <summary>
/// Inverted dropout on the previous layer's activations: during training each unit of each example is
/// kept with probability <see cref="KeepProb"/> and the kept ones are scaled by 1/keep_prob, so the
/// expected activation is unchanged and prediction needs no rescaling. At prediction it is the identity.
/// </summary>
/// <remarks>
/// As the course writes it: D = (rand(n, m) &lt; keep_prob); A = A ⊙ D; A = A / keep_prob; and in the
/// backward pass dA = dA ⊙ D / keep_prob with the same mask. The uniform draws fill D row by row from
/// the layer's random source, in the course's (row-major) order.
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class DropoutLayer<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private IRandomSource _random;
    private Matrix<T> _mask = new(0, 0);
    private Matrix<T> _output = new(0, 0);
    private Matrix<T> _dInput = new(0, 0);
    private bool _maskActive;

    /// <summary>Creates a dropout layer over <paramref name="size"/> units.</summary>
    /// <param name="index">Position in the network (0-based), used in messages.</param>
    /// <param name="size">Number of units (the previous layer's output size).</param>
    /// <param name="keepProb">Probability of keeping a unit, in (0, 1]; 1 disables dropout.</param>
    /// <param name="random">Source of the uniform draws for the masks.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keepProb"/> is outside (0, 1] or <paramref name="size"/> is not positive.</exception>
    public DropoutLayer(int index, int size, double keepProb, IRandomSource random)
    {
        if (size <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Layer {index}: the number of units must be positive.");
        if (!(keepProb > 0 && keepProb <= 1))
            throw new ArgumentOutOfRangeException(nameof(keepProb), keepProb, $"Layer {index}: keep_prob must be in (0, 1].");
        ArgumentNullException.ThrowIfNull(random);
        Index = index;
        InputSize = size;
        KeepProb = keepProb;
        _random = random;
    }

    /// <summary>Position in the network, 0-based.</summary>
    public int Index { get; }

    /// <summary>The probability of keeping each unit during training.</summary>
    public double KeepProb { get; }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int OutputSize => InputSize;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters => [];

    /// <summary>Source of the mask draws; replaced when a training checkpoint restores the generator's state.</summary>
    internal IRandomSource Random
    {
        get => _random;
        set => _random = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The mask D of the last training forward pass (1 = kept, 0 = dropped).</summary>
    public Matrix<T> Mask => _mask;

    /// <summary>
    /// When true, training forward passes reuse the last mask instead of drawing a new one (the batch
    /// size must not change). Gradient checking uses this to check dropout with a fixed mask.
    /// </summary>
    public bool FreezeMask { get; set; }

    /// <inheritdoc/>
    public Matrix<T> Forward(Matrix<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rows != InputSize)
            throw new ShapeMismatchException($"Layer {Index} ({this}): expects input with {InputSize} rows, got {input.ShapeText}.");
        _maskActive = training && KeepProb < 1;
        if (!_maskActive)
            return input;
        int m = input.Columns;
        if (!FreezeMask || _mask.Columns != m || _mask.Rows != InputSize)
            DrawMask(m);
        LayerBuffers.Fit(ref _output, InputSize, m);
        Elementwise.Apply(input.Span, _mask.Span, _output.Span, new MaskOperator<T>(T.CreateTruncating(KeepProb)));
        return _output;
    }

    /// <inheritdoc/>
    public Matrix<T>? Backward(Matrix<T> outputGradient, bool computeInputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!computeInputGradient)
            return null;
        if (!_maskActive)
            return outputGradient;
        if (outputGradient.Rows != _mask.Rows || outputGradient.Columns != _mask.Columns)
            throw new ShapeMismatchException($"Layer {Index} ({this}): dA is {outputGradient.ShapeText} but the mask is {_mask.ShapeText}.");
        LayerBuffers.Fit(ref _dInput, InputSize, outputGradient.Columns);
        Elementwise.Apply(outputGradient.Span, _mask.Span, _dInput.Span, new MaskOperator<T>(T.CreateTruncating(KeepProb)));
        return _dInput;
    }

    /// <summary>D = (rand(n, m) &lt; keep_prob), drawn row-major (see <see cref="IRandomSource.FillMask{T}"/>).</summary>
    private void DrawMask(int m)
    {
        LayerBuffers.Fit(ref _mask, InputSize, m);
        _random.FillMask(_mask.Span, KeepProb);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Dropout(keep_prob={KeepProb.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary>(x, d) → (x·d) / keep_prob: the course's two steps, A = A·D then A = A / keep_prob, with its rounding.</summary>
internal readonly struct MaskOperator<T>(T keepProb) : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool Vectorizable => true;
    public T Invoke(T x, T d) => x * d / keepProb;
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> d) => x * d / Vector128.Create(keepProb);
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> d) => x * d / Vector256.Create(keepProb);
    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> d) => x * d / Vector512.Create(keepProb);
}
