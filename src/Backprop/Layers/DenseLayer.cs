using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;
using Backprop.Tensors.Kernels;

namespace Backprop.Layers;

/// <summary>
/// A fully-connected layer: Z^[l] = W^[l]·A^[l−1] + b^[l], A^[l] = g^[l](Z^[l]).
/// </summary>
/// <remarks>
/// <para>Shape: W is [n_l, n_(l−1)], b is [n_l, 1], A^[l−1] is [n_(l−1), m], Z and A are [n_l, m].</para>
/// <para>Backward propagation, as the course writes it: dZ = dA ⊙ g′(Z), dW = (1/m)·dZ·A^[l−1]ᵀ,
/// db = (1/m)·Σ_columns dZ, dA^[l−1] = Wᵀ·dZ.</para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class DenseLayer<T> : ILayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Parameter<T>[] _parameters;
    private Matrix<T>? _input;
    private bool _inputIsRows;
    private Matrix<T> _z = new(0, 0);
    private Matrix<T> _a = new(0, 0);
    private Matrix<T> _dZ = new(0, 0);
    private Matrix<T> _dInput = new(0, 0);
    private ForwardEpilogue? _forwardEpilogue;
    private BackwardPair? _backwardPair;
    private FiniteBlockCheck<T>? _gradientCheck;

    /// <summary>Creates the layer with zero weights; call <see cref="Initialize"/> to draw them.</summary>
    /// <param name="index">Position in the network (0-based), used in parameter names and messages.</param>
    /// <param name="inputSize">n_(l−1), positive.</param>
    /// <param name="outputSize">n_l, positive.</param>
    /// <param name="activation">g^[l].</param>
    /// <param name="initializer">How W^[l] is drawn.</param>
    /// <param name="useBias">False for a layer followed by batch normalization, whose β replaces b.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public DenseLayer(int index, int inputSize, int outputSize, Activation activation, Initializer initializer, bool useBias = true)
    {
        if (inputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"Layer {index}: the input size must be positive.");
        if (outputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(outputSize), outputSize, $"Layer {index}: the number of units must be positive.");
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(initializer);
        Index = index;
        InputSize = inputSize;
        OutputSize = outputSize;
        Activation = activation;
        Initializer = initializer;
        Weights = new Parameter<T>($"layers.{index}.W", outputSize, inputSize, regularized: true);
        Bias = new Parameter<T>($"layers.{index}.b", outputSize, 1);
        UseBias = useBias;
        _parameters = useBias ? [Weights, Bias] : [Weights];
    }

    /// <summary>Position in the network, 0-based.</summary>
    public int Index { get; }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int OutputSize { get; }

    /// <summary>The activation g^[l].</summary>
    public Activation Activation { get; }

    /// <summary>How the weights are drawn by <see cref="Initialize"/>.</summary>
    public Initializer Initializer { get; }

    /// <summary>W^[l], [n_l, n_(l−1)].</summary>
    public Parameter<T> Weights { get; }

    /// <summary>b^[l], [n_l, 1]; stays zero and is not trained when <see cref="UseBias"/> is false.</summary>
    public Parameter<T> Bias { get; }

    /// <summary>Whether b^[l] is a trained parameter (false before batch normalization).</summary>
    public bool UseBias { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>Z^[l] of the last forward pass (the logits, for an output layer).</summary>
    public Matrix<T> PreActivation => _z;

    /// <summary>A^[l] of the last forward pass.</summary>
    public Matrix<T> Output => _a;

    /// <summary>Buffer for dZ^[l]: a loss writes the output layer's gradient here before <see cref="BackwardFromPreActivation"/>.</summary>
    internal Matrix<T> PreActivationGradient => _dZ;

    /// <summary>Draws W from the initializer and sets b to zero.</summary>
    public void Initialize(IRandomSource random)
    {
        Initializer.Initialize(Weights.Value, random);
        Bias.Value.Clear();
    }

    /// <inheritdoc/>
    public Matrix<T> Forward(Matrix<T> input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rows != InputSize)
            throw new ShapeMismatchException($"Layer {Index} ({this}): expects input with {InputSize} rows (features × examples), got {input.ShapeText}.");
        return ForwardCore(input, input.Columns, isRows: false);
    }

    /// <summary>
    /// Forward propagation from a batch held example-major, <paramref name="rows"/> = A^[l−1]ᵀ ([m, n_(l−1)]):
    /// Z = W·rowsᵀ + b. The product reads the transpose while packing its operand, so a shuffled batch gathered
    /// as whole example rows needs no transposition pass, and the values are the same as from A^[l−1].
    /// </summary>
    internal Matrix<T> ForwardFromRows(Matrix<T> rows)
    {
        if (rows.Columns != InputSize)
            throw new ShapeMismatchException($"Layer {Index} ({this}): expects example rows with {InputSize} columns (examples × features), got {rows.ShapeText}.");
        return ForwardCore(rows, rows.Rows, isRows: true);
    }

    /// <summary>Z = W·A^[l−1] + b and A = g(Z) for m examples, A^[l−1] given as itself or as its transpose.</summary>
    private Matrix<T> ForwardCore(Matrix<T> input, int m, bool isRows)
    {
        LayerBuffers.Fit(ref _z, OutputSize, m);
        LayerBuffers.Fit(ref _a, OutputSize, m);
        _input = input;
        _inputIsRows = isRows;
        var opInput = isRows ? MatrixOp.Transpose : MatrixOp.None;
        if (Activation.ForwardsByBlock)
        {
            // Bias and activation on each block of Z right after the thread that made it, while it is in cache,
            // instead of a pass (and a hand-off) of their own: the same values; W2's second layer 21 → 20 µs.
            Gemm.Multiply(T.One, Weights.Value, MatrixOp.None, input, opInput, T.Zero, _z, _forwardEpilogue ??= new ForwardEpilogue(this));
        }
        else
        {
            Gemm.Multiply(Weights.Value, MatrixOp.None, input, opInput, _z);
            Activation.Forward(_z, Bias.Value.Span, _a);
        }
        return _a;
    }

    /// <inheritdoc/>
    public Matrix<T>? Backward(Matrix<T> outputGradient, bool computeInputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (outputGradient.Rows != _a.Rows || outputGradient.Columns != _a.Columns)
            throw new ShapeMismatchException($"Layer {Index} ({this}): dA is {outputGradient.ShapeText} but A is {_a.ShapeText}.");
        LayerBuffers.Fit(ref _dZ, OutputSize, _a.Columns);
        Activation.Backward(_a, outputGradient, _dZ);
        return BackwardFromPreActivation(computeInputGradient);
    }

    /// <summary>
    /// Backward propagation from dZ^[l] already in <see cref="PreActivationGradient"/> (the fused path of
    /// an output layer whose loss gives dZ directly).
    /// </summary>
    internal Matrix<T>? BackwardFromPreActivation(bool computeInputGradient)
    {
        _ = _input ?? throw new InvalidOperationException($"Layer {Index}: Backward called before Forward.");
        if (!computeInputGradient)
        {
            ParameterGradients();
            return null;
        }
        LayerBuffers.Fit(ref _dInput, InputSize, _dZ.Columns);
        if (PairsBackwardProducts)
        {
            GemmWorkerPool.Shared.Run(_backwardPair ??= new BackwardPair(this), 2);
        }
        else
        {
            ParameterGradients();
            InputGradient();
        }
        return _dInput;
    }

    /// <summary>
    /// Whether dW and dA^[l−1] run side by side, one product per thread: both are n_l·n_(l−1)·m multiply-adds, so
    /// the two threads finish together, and neither product pays for being split (each thread packing the whole
    /// shared operand, a hand-off per product). Not for tiny layers, where the hand-off would cost more than the
    /// products (W4's 5 × 2 × 64).
    /// </summary>
    private bool PairsBackwardProducts => (long)OutputSize * InputSize * _dZ.Columns >= MinPairedWork;

    /// <summary>Multiply-adds per product from which dW and dA^[l−1] are worth a thread each (≈ 0.3 µs of work).</summary>
    private const long MinPairedWork = 1L << 16;

    /// <summary>dW = (1/m)·dZ·A^[l−1]ᵀ and db = (1/m)·Σ dZ.</summary>
    private void ParameterGradients()
    {
        int m = _dZ.Columns;
        T inverseM = T.One / T.CreateTruncating(m);
        // From example rows A^[l−1]ᵀ is the rows themselves. Each finished block of dW is checked for NaN and
        // infinities while it is in cache, so the trainer's divergence check need not read dW again (≈ 3 µs per W2 step).
        var check = _gradientCheck ??= new FiniteBlockCheck<T>();
        check.Start(Weights.Gradient);
        Gemm.Multiply(inverseM, _dZ, MatrixOp.None, _input!, _inputIsRows ? MatrixOp.None : MatrixOp.Transpose, T.Zero, Weights.Gradient, check);
        Weights.GradientVerifiedFinite = check.AllFinite;
        if (UseBias)
        {
            var db = Bias.Gradient.Span;
            for (int r = 0; r < OutputSize; r++)
                db[r] = inverseM * TensorPrimitives.Sum<T>(_dZ.Row(r));
            Bias.GradientVerifiedFinite = FiniteCheck.AllFinite<T>(db);
        }
    }

    /// <summary>dA^[l−1] = Wᵀ·dZ.</summary>
    private void InputGradient() => Gemm.Multiply(Weights.Value, MatrixOp.Transpose, _dZ, MatrixOp.None, _dInput);

    /// <summary>Prepares the dZ buffer for a batch of <paramref name="m"/> examples.</summary>
    internal Matrix<T> PrepareGradient(int m)
    {
        LayerBuffers.Fit(ref _dZ, OutputSize, m);
        return _dZ;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Dense({InputSize} => {OutputSize}, {Activation.Name}{(UseBias ? "" : ", no bias")})";

    /// <summary>The forward step's bias and activation over one finished block of Z (<see cref="IGemmEpilogue"/>).</summary>
    private sealed class ForwardEpilogue(DenseLayer<T> layer) : IGemmEpilogue
    {
        public void Apply(int m0, int m1, int n0, int n1)
            => layer.Activation.ForwardBlock(layer._z, layer.Bias.Value.Span, layer._a, m0, m1, n0, n1);
    }

    /// <summary>The two backward products as the two parts of one job (see <see cref="PairsBackwardProducts"/>).</summary>
    private sealed class BackwardPair(DenseLayer<T> layer) : IParallelWork
    {
        public void Execute(int part)
        {
            // Each product, called from inside the pool's job, runs whole on this thread.
            if (part == 0)
                layer.ParameterGradients();
            else
                layer.InputGradient();
        }
    }
}
