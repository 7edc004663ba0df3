using System.Numerics;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Losses;
using Backprop.Randomness;

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
    private readonly List<(int Units, Activation Activation, Initializer Initializer)> _dense = [];
    private Loss _loss = Losses.Loss.BinaryCrossEntropy;

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
    public NetworkBuilder Dense(int units, Activation activation, Initializer? initializer = null)
    {
        if (units <= 0)
            throw new ArgumentOutOfRangeException(nameof(units), units, $"Layer {_dense.Count}: the number of units must be positive.");
        ArgumentNullException.ThrowIfNull(activation);
        _dense.Add((units, activation, initializer ?? Initializer.He));
        return this;
    }

    /// <summary>Sets the loss (binary cross-entropy when not called).</summary>
    public NetworkBuilder WithLoss(Loss loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        _loss = loss;
        return this;
    }

    /// <summary>
    /// Builds the network, drawing W^[1], W^[2], … in order from <paramref name="random"/> (biases are zero).
    /// </summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="InvalidOperationException">No layer was added.</exception>
    /// <exception cref="ArgumentException">The loss does not fit the output activation.</exception>
    public Network<T> Build<T>(IRandomSource random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Networks compute in float or double; {typeof(T).Name} is not supported.");
        if (_dense.Count == 0)
            throw new InvalidOperationException("A network needs at least one (output) layer; call Dense first.");
        _loss.ValidateOutputActivation(_dense[^1].Activation);
        var layers = new ILayer<T>[_dense.Count];
        var warnings = new List<string>();
        int inputs = InputSize;
        for (int l = 0; l < _dense.Count; l++)
        {
            var (units, activation, initializer) = _dense[l];
            var layer = new DenseLayer<T>(l, inputs, units, activation, initializer);
            layer.Initialize(random);
            layers[l] = layer;
            if (!initializer.BreaksSymmetry && l < _dense.Count - 1 && units > 1)
                warnings.Add($"Layer {l} ({layer}) is initialized with {initializer.Name}: every unit of a hidden layer then computes the same function and symmetry is never broken. Use a random initializer such as He or Xavier.");
            inputs = units;
        }
        return new Network<T>(layers, _loss, warnings);
    }
}
