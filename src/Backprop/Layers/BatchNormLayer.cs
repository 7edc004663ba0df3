using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Layers;

/// <summary>
/// Batch normalization of a layer's Z, before its activation, unit by unit over the m examples of a
/// mini-batch: μ = (1/m)Σ z, σ² = (1/m)Σ (z − μ)², ẑ = (z − μ)/√(σ² + ε), Z̃ = γ·ẑ + β, with learnable
/// γ (<c>gamma</c>) and β (<c>beta</c>). β takes over the role of the dense layer's bias, which is dropped.
/// </summary>
/// <remarks>
/// <para>At prediction the layer uses running averages of μ and σ² instead of batch statistics,
/// updated in training as exponentially weighted averages: running = Momentum·running + (1 − Momentum)·batch.
/// <b>Convention:</b> <see cref="Momentum"/> is the weight of the old value, as in the course's
/// v = β·v + (1 − β)·θ and Keras's <c>momentum</c> (default 0.99); PyTorch's <c>momentum</c> is the weight
/// of the new value, so PyTorch's 0.1 is Momentum = 0.9 here (the default).</para>
/// <para>The running variance uses the unbiased batch variance σ²·m/(m − 1) by default (PyTorch's
/// choice); normalization in training always uses the biased σ².</para>
/// <para>Backward, per unit, with dZ̃ the per-example gradient as the course passes it between layers:
/// dγ = (1/m)·Σ dZ̃·ẑ, dβ = (1/m)·Σ dZ̃, dz = (γ/(m·√(σ² + ε)))·(m·dZ̃ − Σ dZ̃ − ẑ·Σ dZ̃·ẑ).</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class BatchNormLayer<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] _parameters;
    private readonly T[] _inverseStd;
    private Matrix<T> _normalized = new(0, 0);
    private Matrix<T> _output = new(0, 0);
    private Matrix<T> _dInput = new(0, 0);
    private bool _trainingPass;
    private readonly ElementwiseWork _forwardWork;
    private readonly ElementwiseWork _backwardWork;
    private Matrix<T>? _callInput;
    private Matrix<T>? _callGradient;
    private bool _callInputGradient;

    /// <summary>Creates batch normalization over <paramref name="size"/> units with γ = 1, β = 0, running mean 0 and variance 1.</summary>
    /// <param name="index">Position in the network, 0-based.</param>
    /// <param name="size">Number of units.</param>
    /// <param name="momentum">Weight of the old value in the running averages, in [0, 1).</param>
    /// <param name="epsilon">Added to σ² before the square root, &gt; 0.</param>
    /// <param name="unbiasedRunningVariance">Whether the running variance averages σ²·m/(m − 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public BatchNormLayer(int index, int size, double momentum = 0.9, double epsilon = 1e-5, bool unbiasedRunningVariance = true)
    {
        if (size <= 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Layer {index}: the number of units must be positive.");
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"Layer {index}: the batch-norm momentum must be in [0, 1).");
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"Layer {index}: the batch-norm ε must be positive and finite.");
        Index = index;
        InputSize = size;
        Momentum = momentum;
        Epsilon = epsilon;
        UnbiasedRunningVariance = unbiasedRunningVariance;
        Gamma = new Parameter<T>($"layers.{index}.gamma", size, 1);
        Beta = new Parameter<T>($"layers.{index}.beta", size, 1);
        Gamma.Value.Span.Fill(T.One);
        RunningMean = new Matrix<T>(size, 1);
        RunningVariance = new Matrix<T>(size, 1);
        RunningVariance.Span.Fill(T.One);
        _inverseStd = new T[size];
        _forwardWork = new ElementwiseWork(ForwardRows);
        _backwardWork = new ElementwiseWork(BackwardRows);
        _parameters = [Gamma, Beta];
    }

    /// <summary>Position in the network, 0-based.</summary>
    public int Index { get; }

    /// <summary>Weight of the old value in the running averages (PyTorch's momentum is 1 − this).</summary>
    public double Momentum { get; }

    /// <summary>ε, added to the variance before the square root.</summary>
    public double Epsilon { get; }

    /// <summary>Whether the running variance averages the unbiased batch variance.</summary>
    public bool UnbiasedRunningVariance { get; }

    /// <summary>The learnable scale γ, [n, 1].</summary>
    public Parameter<T> Gamma { get; }

    /// <summary>The learnable shift β, [n, 1].</summary>
    public Parameter<T> Beta { get; }

    /// <summary>Running mean of Z, used at prediction (saved with the model, not trained).</summary>
    public Matrix<T> RunningMean { get; }

    /// <summary>Running variance of Z, used at prediction (saved with the model, not trained).</summary>
    public Matrix<T> RunningVariance { get; }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int OutputSize => InputSize;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>Z̃ = γ·ẑ + β of the last forward pass (read by the layer statistics diagnostics).</summary>
    internal Matrix<T> Output => _output;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Training on a batch of one example, whose variance is always 0.</exception>
    public Matrix<T> Forward(Matrix<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rows != InputSize)
            throw new ShapeMismatchException($"Layer {Index} ({this}): expects input with {InputSize} rows, got {input.ShapeText}.");
        int m = input.Columns;
        if (training && m < 2)
            throw new ArgumentException($"Layer {Index} ({this}): batch normalization cannot train on a batch of {m} example(s); the batch variance would be 0. Use mini-batches of at least 2.", nameof(input));
        LayerBuffers.Fit(ref _normalized, InputSize, m);
        LayerBuffers.Fit(ref _output, InputSize, m);
        _trainingPass = training;
        _callInput = input;
        RunRows(backward: false, m);
        _callInput = null;
        return _output;
    }

    /// <inheritdoc/>
    public Matrix<T>? Backward(Matrix<T> outputGradient, bool computeInputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (outputGradient.Rows != _output.Rows || outputGradient.Columns != _output.Columns)
            throw new ShapeMismatchException($"Layer {Index} ({this}): dZ̃ is {outputGradient.ShapeText} but the output is {_output.ShapeText}.");
        if (!_trainingPass)
            throw new InvalidOperationException($"Layer {Index} ({this}): backward propagation needs a training forward pass (batch statistics).");
        int m = outputGradient.Columns;
        if (computeInputGradient)
            LayerBuffers.Fit(ref _dInput, InputSize, m);
        _callGradient = outputGradient;
        _callInputGradient = computeInputGradient;
        RunRows(backward: true, m);
        _callGradient = null;
        return computeInputGradient ? _dInput : null;
    }

    /// <summary>Forward propagation of units [r0, r1) of the current call.</summary>
    private void ForwardRows(int r0, int r1)
    {
        var input = _callInput!;
        bool training = _trainingPass;
        int m = input.Columns;
        T keep = T.CreateTruncating(Momentum), blend = T.One - keep;
        T epsilon = T.CreateTruncating(Epsilon), inverseM = T.One / T.CreateTruncating(m);
        for (int r = r0; r < r1; r++)
        {
            Span<T> xhat = _normalized.Row(r);
            T mean, variance;
            if (training)
            {
                mean = BatchNormKernels.Sum<T>(input.Row(r)) * inverseM;
                variance = BatchNormKernels.CentreAndSumSquares<T>(input.Row(r), mean, xhat) * inverseM;
                T unbiased = UnbiasedRunningVariance ? variance * T.CreateTruncating(m) / T.CreateTruncating(m - 1) : variance;
                RunningMean[r, 0] = keep * RunningMean[r, 0] + blend * mean;
                RunningVariance[r, 0] = keep * RunningVariance[r, 0] + blend * unbiased;
            }
            else
            {
                mean = RunningMean[r, 0];
                variance = RunningVariance[r, 0];
                TensorPrimitives.Subtract<T>(input.Row(r), mean, xhat);
            }
            T inverseStd = T.One / T.Sqrt(variance + epsilon);
            _inverseStd[r] = inverseStd;
            BatchNormKernels.ScaleShift<T>(xhat, inverseStd, Gamma.Value[r, 0], Beta.Value[r, 0], _output.Row(r));
        }
    }

    /// <summary>Backward propagation of units [r0, r1) of the current call.</summary>
    private void BackwardRows(int r0, int r1)
    {
        var outputGradient = _callGradient!;
        T mT = T.CreateTruncating(outputGradient.Columns);
        for (int r = r0; r < r1; r++)
        {
            ReadOnlySpan<T> dOut = outputGradient.Row(r);
            ReadOnlySpan<T> xhat = _normalized.Row(r);
            var (dGamma, dBeta) = BatchNormKernels.GradientSums(dOut, xhat);
            // dZ̃ is per example (the course's convention); J averages over the batch, hence the 1/m.
            Gamma.Gradient[r, 0] = dGamma / mT;
            Beta.Gradient[r, 0] = dBeta / mT;
            if (_callInputGradient)
                BatchNormKernels.InputGradient(dOut, xhat, mT, dBeta, dGamma, Gamma.Value[r, 0] * _inverseStd[r] / mT, _dInput.Row(r));
        }
    }

    /// <summary>
    /// Runs the current call's units on the caller's thread, or split in two halves across the GEMM's worker
    /// threads when the batch is large enough to pay for the hand-off. Units are independent, so the result is
    /// the same bits either way.
    /// </summary>
    /// <remarks>
    /// Why: the passes over Z, Ẑ and the output are memory-bound, and two cores bring twice the bandwidth. In W3
    /// (512 units × 256 examples) forward went from 38–52 to 26–29 µs per step, backward from 32–41 to 21–27 µs.
    /// </remarks>
    private void RunRows(bool backward, int m)
    {
        (backward ? _backwardWork : _forwardWork).Run(InputSize, (long)InputSize * m);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"BatchNorm({InputSize}, momentum={Momentum}, ε={Epsilon})");
}
