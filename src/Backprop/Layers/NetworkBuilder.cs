using System.Numerics;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Losses;
using Backprop.Randomness;
using Backprop.Regularization;

namespace Backprop.Layers;

/// <summary>
/// Describes a network layer by layer, then builds it for an element type with weights drawn from a
/// seeded random source.
/// </summary>
/// <example>
/// The course's deep cat model (12288-20-7-5-1):
/// <code>
/// var network = new NetworkBuilder(inputSize: 12288)
///     .Dense(20, Activation.ReLU, Initializer.Xavier)
///     .Dense(7, Activation.ReLU, Initializer.Xavier)
///     .Dense(5, Activation.ReLU, Initializer.Xavier)
///     .Dense(1, Activation.Sigmoid, Initializer.Xavier)
///     .Build&lt;double&gt;(new NumPyRandom(1));
/// </code>
/// </example>
public sealed class NetworkBuilder
{
    private readonly List<LayerSpec> _layers = [];
    private Loss _loss = Losses.Loss.BinaryCrossEntropy;
    private Regularizer? _regularizer;

    /// <summary>Starts a network that takes <paramref name="inputSize"/> features per example.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> is not positive.</exception>
    public NetworkBuilder(int inputSize)
    {
        if (inputSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "The number of input features must be positive.");
        InputSize = inputSize;
    }

    /// <summary>Number of input features, n_x.</summary>
    public int InputSize { get; }

    /// <summary>Appends a dense layer of <paramref name="units"/> units.</summary>
    /// <param name="units">n_l, positive.</param>
    /// <param name="activation">g^[l].</param>
    /// <param name="initializer">How W^[l] is drawn; He when omitted.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is not positive.</exception>
    /// <param name="batchNorm">
    /// Normalize Z over each mini-batch before the activation (<see cref="BatchNormLayer{T}"/>, whose β
    /// replaces the bias); null for none. Not allowed on the output layer.
    /// </param>
    public NetworkBuilder Dense(int units, Activation activation, Initializer? initializer = null, BatchNormOptions? batchNorm = null)
    {
        if (units <= 0)
            throw new ArgumentOutOfRangeException(nameof(units), units, $"Layer {_layers.Count}: the number of units must be positive.");
        ArgumentNullException.ThrowIfNull(activation);
        _layers.Add(new DenseSpec(units, activation, initializer ?? Initializer.He, batchNorm));
        return this;
    }

    /// <summary>
    /// Appends inverted dropout on the previous layer's activations, keeping each unit with probability
    /// <paramref name="keepProb"/> during training.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keepProb"/> is outside (0, 1].</exception>
    public NetworkBuilder Dropout(double keepProb)
    {
        if (!(keepProb > 0 && keepProb <= 1))
            throw new ArgumentOutOfRangeException(nameof(keepProb), keepProb, $"Layer {_layers.Count}: keep_prob must be in (0, 1].");
        _layers.Add(new DropoutSpec(keepProb));
        return this;
    }

    /// <summary>Sets the loss (binary cross-entropy when not called).</summary>
    public NetworkBuilder WithLoss(Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        _loss = loss;
        return this;
    }

    /// <summary>Adds a weight penalty (L2 or L1) to the cost and its gradient; none when not called.</summary>
    public NetworkBuilder WithRegularization(Regularizer regularizer)
    {
        ArgumentNullException.ThrowIfNull(regularizer);
        _regularizer = regularizer;
        return this;
    }

    /// <summary>
    /// Builds the network, drawing W^[1], W^[2], … in order from <paramref name="random"/> (biases are zero).
    /// </summary>
    /// <param name="random">Source of the initial weights (and of dropout masks unless <paramref name="dropoutRandom"/> is given).</param>
    /// <param name="dropoutRandom">Source of the dropout masks, shared by every dropout layer in order.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="InvalidOperationException">No dense layer was added, or the network does not end in one.</exception>
    /// <exception cref="ArgumentException">The loss does not fit the output activation.</exception>
    public Network<T> Build<T>(IRandomSource random, IRandomSource? dropoutRandom = null) where T : unmanaged, IFloatingPointIeee754<T>
        => BuildOnto<T>([], random, dropoutRandom);

    /// <summary>
    /// Builds this builder's layers after <paramref name="prefix"/> (whose last layer must output
    /// <see cref="InputSize"/> units), numbering them after it: the head of a transfer-learning network.
    /// </summary>
    internal Network<T> BuildOnto<T>(IReadOnlyList<ILayer<T>> prefix, IRandomSource random, IRandomSource? dropoutRandom = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Networks compute in float or double; {typeof(T).Name} is not supported.");
        if (_layers.Count == 0 || _layers[^1] is not DenseSpec output)
            throw new InvalidOperationException("A network must end in a dense (output) layer; call Dense last.");
        if (output.BatchNorm is not null)
            throw new InvalidOperationException("Batch normalization is for hidden layers; the output layer feeds the loss directly.");
        _loss.ValidateOutputActivation(output.Activation);

        var layers = new List<ILayer<T>>(prefix);
        var warnings = new List<string>();
        int inputs = InputSize;
        int lastDense = _layers.FindLastIndex(s => s is DenseSpec);
        for (int l = 0; l < _layers.Count; l++)
        {
            switch (_layers[l])
            {
                case DenseSpec(int units, var activation, var initializer, var batchNorm):
                    // With batch norm, the dense layer is linear and bias-free; γ, β and g follow it.
                    var dense = batchNorm is null
                        ? new DenseLayer<T>(layers.Count, inputs, units, activation, initializer)
                        : new DenseLayer<T>(layers.Count, inputs, units, Activation.Linear, initializer, useBias: false);
                    dense.Initialize(random);
                    layers.Add(dense);
                    if (batchNorm is not null)
                    {
                        layers.Add(new BatchNormLayer<T>(layers.Count, units, batchNorm.Momentum, batchNorm.Epsilon, batchNorm.UnbiasedRunningVariance));
                        layers.Add(new ActivationLayer<T>(layers.Count, units, activation));
                    }
                    if (!initializer.BreaksSymmetry && l < lastDense && units > 1)
                        warnings.Add($"Layer {dense.Index} ({dense}) is initialized with {initializer.Name}: every unit of a hidden layer then computes the same function and symmetry is never broken. Use a random initializer such as He or Xavier.");
                    inputs = units;
                    break;
                case DropoutSpec(double keepProb):
                    layers.Add(new DropoutLayer<T>(layers.Count, inputs, keepProb, dropoutRandom ?? random));
                    break;
            }
        }
        return new Network<T>([.. layers], _loss, _regularizer, warnings);
    }

    private abstract record LayerSpec;

    private sealed record DenseSpec(int Units, Activation Activation, Initializer Initializer, BatchNormOptions? BatchNorm) : LayerSpec;

    private sealed record DropoutSpec(double KeepProb) : LayerSpec;
}
