using System.Globalization;
using System.Numerics;
using System.Text;
using Backprop.Losses;
using Backprop.Regularization;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>
/// A feed-forward network: a sequence of layers ending in a dense output layer, and the loss it is
/// trained on. Built by <see cref="NetworkBuilder"/>.
/// </summary>
/// <remarks>
/// <para>Forward propagation runs the layers in order over a whole batch X ([n_x, m]); backward
/// propagation runs them in reverse, starting from the loss's dZ^[L], and fills every
/// <see cref="Parameter{T}.Gradient"/>. No dA is computed for the input layer.</para>
/// <para>Buffers are owned by the layers and reused, so repeated steps on batches of the same size
/// allocate nothing.</para>
/// </remarks>
/// <typeparam name="T">The element type: float for training, double for gradient checks and reproductions.</typeparam>
public sealed class Network<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ILayer<T>[] _layers;
    private readonly DenseLayer<T> _output;
    private readonly Parameter<T>[] _parameters;

    internal Network(ILayer<T>[] layers, Loss loss, Regularizer? regularizer, IReadOnlyList<string> warnings)
    {
        Regularizer = regularizer;
        _layers = layers;
        _output = layers[^1] as DenseLayer<T>
            ?? throw new ArgumentException("The last layer of a network must be a dense layer.", nameof(layers));
        Loss = loss;
        Warnings = warnings;
        _parameters = layers.SelectMany(l => l.Parameters).ToArray();
    }

    /// <summary>The layers, input side first.</summary>
    public IReadOnlyList<ILayer<T>> Layers => _layers;

    /// <summary>The loss the network is trained on.</summary>
    public Loss Loss { get; }

    /// <summary>The weight penalty added to the cost and the gradients, or null.</summary>
    public Regularizer? Regularizer { get; }

    /// <summary>Number of input features, n_x.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Number of output units, n_y.</summary>
    public int OutputSize => _output.OutputSize;

    /// <summary>Every trainable parameter, in layer order (W^[1], b^[1], W^[2], b^[2], …).</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>The parameters training updates: every parameter not <see cref="Parameter{T}.Frozen"/>.</summary>
    public IReadOnlyList<Parameter<T>> TrainableParameters => _parameters.Where(p => !p.Frozen).ToArray();

    /// <summary>
    /// Freezes the parameters of the first <paramref name="layerCount"/> layers (transfer learning: keep
    /// what they learned while the later layers train) and unfreezes the rest.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, or not fewer than the number of layers (the output layer must train).</exception>
    public void Freeze(int layerCount)
    {
        if (layerCount < 0 || layerCount >= _layers.Length)
            throw new ArgumentOutOfRangeException(nameof(layerCount), layerCount, $"Can freeze 0 to {_layers.Length - 1} of the network's {_layers.Length} layers (the output layer must train).");
        for (int l = 0; l < _layers.Length; l++)
            foreach (var p in _layers[l].Parameters)
                p.Frozen = l < layerCount;
    }

    /// <summary>
    /// The same layers (shared, not copied) with another weight penalty: to change λ between training runs,
    /// for example when resuming from a checkpoint.
    /// </summary>
    /// <param name="regularizer">The new penalty, or null for none.</param>
    public Network<T> WithRegularizer(Regularizer? regularizer) => new(_layers, Loss, regularizer, Warnings);

    /// <summary>
    /// The same layers (shared, not copied) except that every dropout layer keeps units with probability
    /// <paramref name="keepProb"/>, drawing from the same random source: to change keep_prob between training runs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keepProb"/> is outside (0, 1].</exception>
    /// <exception cref="InvalidOperationException">The network has no dropout layer to change.</exception>
    public Network<T> WithKeepProb(double keepProb)
    {
        if (!_layers.Any(l => l is DropoutLayer<T>))
            throw new InvalidOperationException("The network has no dropout layers, so its keep_prob cannot be changed; dropout can only be changed where it was built in.");
        var layers = _layers.Select(l => l is DropoutLayer<T> d ? new DropoutLayer<T>(d.Index, d.InputSize, keepProb, d.Random) : l).ToArray();
        return new(layers, Loss, Regularizer, Warnings);
    }

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount => _parameters.Sum(p => (long)p.Count);

    /// <summary>Advice found while building (for example zero-initialized hidden layers, which never break symmetry).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Forward propagation of a batch.</summary>
    /// <param name="x">Inputs, [n_x, m].</param>
    /// <param name="training">True while training (enables dropout and batch statistics).</param>
    /// <returns>The output activations A^[L], [n_y, m]; valid until the next forward pass.</returns>
    /// <exception cref="ShapeMismatchException">X does not have n_x rows.</exception>
    public Matrix<T> Forward(Matrix<T> x, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireInputRows(x);
        if (x.Columns == 0)
            throw new ArgumentException("Network input X has no examples (0 columns).", nameof(x));
        var a = x;
        foreach (var layer in _layers)
            a = layer.Forward(a, training);
        return a;
    }

    /// <summary>
    /// Whether <see cref="ComputeGradientsFromRows"/> can take a batch held example-major: the first layer is
    /// dense (a dropout or batch-norm first layer needs X itself).
    /// </summary>
    internal bool AcceptsExampleRows => _layers[0] is DenseLayer<T>;

    /// <summary>
    /// <see cref="ComputeGradients"/> for a batch held example-major, <paramref name="rows"/> = Xᵀ ([m, n_x]):
    /// the same values, without forming X (see <see cref="DenseLayer{T}.ForwardFromRows"/>).
    /// </summary>
    internal double ComputeGradientsFromRows(Matrix<T> rows, Matrix<T> y)
    {
        var first = (DenseLayer<T>)_layers[0];
        var a = first.ForwardFromRows(rows);
        for (int l = 1; l < _layers.Length; l++)
            a = _layers[l].Forward(a, training: true);
        double cost = Cost(y);
        Backward(y);
        return cost;
    }

    /// <summary>
    /// The cost J of the last forward pass against labels <paramref name="y"/> ([n_y, m]): the loss
    /// averaged over the m examples, plus the <see cref="Regularizer"/>'s penalty for m examples.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass has run yet.</exception>
    /// <exception cref="ShapeMismatchException">Y does not have the output's shape.</exception>
    public double Cost(Matrix<T> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        RequireForward(y);
        double cost = Loss.Cost(_output.PreActivation, _output.Output, y);
        return Regularizer is null ? cost : cost + Regularizer.Penalty(_parameters, y.Columns);
    }

    /// <summary>Backward propagation for the last forward pass against labels <paramref name="y"/>; fills every gradient.</summary>
    /// <exception cref="InvalidOperationException">No forward pass has run yet.</exception>
    /// <exception cref="ShapeMismatchException">Y does not have the output's shape.</exception>
    public void Backward(Matrix<T> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        RequireForward(y);
        var dZ = _output.PrepareGradient(y.Columns);
        Loss.OutputGradient(_output.Activation, _output.PreActivation, _output.Output, y, dZ);
        var gradient = _output.BackwardFromPreActivation(_layers.Length > 1);
        for (int l = _layers.Length - 2; l >= 0; l--)
            gradient = _layers[l].Backward(gradient!, l > 0);
        Regularizer?.AddGradient(_parameters, y.Columns);
    }

    private void RequireInputRows(Matrix<T> x)
    {
        if (x.Rows != InputSize)
            throw new ShapeMismatchException($"Network input: expected X with {InputSize} rows (features × examples), got {x.ShapeText}.");
    }

    private void RequireForward(Matrix<T> y)
    {
        if (_output.Output.Length == 0)
            throw new InvalidOperationException("Cost and Backward need a forward pass first: call Forward (or ComputeGradients).");
        if (y.Rows != _output.Output.Rows || y.Columns != _output.Output.Columns)
            throw new ShapeMismatchException($"Labels Y are {y.ShapeText} but the last forward pass produced {_output.Output.ShapeText} (outputs × examples).");
    }

    /// <summary>One forward pass in training mode, the cost, and one backward pass: the gradients of J at the current parameters.</summary>
    /// <returns>The cost J, computed in the forward pass (before any update).</returns>
    public double ComputeGradients(Matrix<T> x, Matrix<T> y)
    {
        Forward(x, training: true);
        double cost = Cost(y);
        Backward(y);
        return cost;
    }

    /// <summary>The output activations for <paramref name="x"/> in prediction mode, as a new matrix.</summary>
    public Matrix<T> Predict(Matrix<T> x) => Forward(x, training: false).Clone();

    /// <summary>
    /// The output activations for <paramref name="x"/> in prediction mode, computed <paramref name="batchSize"/>
    /// examples at a time: the same values as <see cref="Predict(Matrix{T})"/>, but the layers' buffers hold one
    /// chunk instead of all m examples (a forward pass over 10 000 examples through a 512-unit layer with batch
    /// norm keeps several 20 MB matrices).
    /// </summary>
    /// <param name="x">Inputs, [n_x, m].</param>
    /// <param name="batchSize">Examples per forward pass, at least 1.</param>
    /// <returns>A new matrix, [n_y, m].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    /// <exception cref="ShapeMismatchException">X does not have n_x rows.</exception>
    public Matrix<T> Predict(Matrix<T> x, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (x.Columns <= batchSize)
            return Predict(x);
        RequireInputRows(x);
        var result = new Matrix<T>(OutputSize, x.Columns);
        var chunk = new Matrix<T>(x.Rows, batchSize);
        for (int start = 0; start < x.Columns; start += batchSize)
        {
            int count = Math.Min(batchSize, x.Columns - start);
            chunk.Reshape(x.Rows, count);
            for (int r = 0; r < x.Rows; r++)
                x.Row(r).Slice(start, count).CopyTo(chunk.Row(r));
            var output = Forward(chunk, training: false);
            for (int r = 0; r < output.Rows; r++)
                output.Row(r).CopyTo(result.Row(r).Slice(start, count));
        }
        return result;
    }

    /// <summary>A multi-line summary: one line per layer with its parameter count, then the total.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        foreach (var layer in _layers)
        {
            long count = layer.Parameters.Sum(p => (long)p.Count);
            text.Append(CultureInfo.InvariantCulture, $"{layer,-40} # {count:N0} parameters\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"Loss: {Loss.Name}{(Regularizer is null ? "" : $" + {Regularizer.Name}")}. Total: {ParameterCount:N0} parameters.");
        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => $"Network<{typeof(T).Name}>({string.Join(" → ", _layers.Select(l => l.ToString()))})";
}
