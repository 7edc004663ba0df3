using System.Numerics;
using Backprop.Randomness;

namespace Backprop.Layers;

/// <summary>
/// Transfer learning, as the course describes it: keep the first layers of a network trained on one task
/// (they learned features that carry over), replace the last layer(s) with a new head for the new task,
/// and train — usually with the kept layers frozen when the new data set is small.
/// </summary>
public static class TransferLearning
{
    /// <summary>
    /// A new network made of the first <paramref name="keepLayers"/> layers of <paramref name="trained"/>
    /// followed by the layers <paramref name="head"/> describes (its input size must be the last kept
    /// layer's output size). The kept layers are shared with <paramref name="trained"/>, not copied:
    /// train and use the new network from now on. With <paramref name="freeze"/>, the kept layers' parameters
    /// are frozen, so training changes only the head.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keepLayers"/> is not between 1 and the number of layers − 1.</exception>
    /// <exception cref="ArgumentException">The head's input size differs from the kept layers' output size.</exception>
    public static Network<T> ReplaceHead<T>(Network<T> trained, int keepLayers, NetworkBuilder head, IRandomSource random, bool freeze = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(random);
        if (keepLayers < 1 || keepLayers >= trained.Layers.Count)
            throw new ArgumentOutOfRangeException(nameof(keepLayers), keepLayers, $"Keep 1 to {trained.Layers.Count - 1} of the trained network's {trained.Layers.Count} layers; at least its output layer is replaced.");
        int features = trained.Layers[keepLayers - 1].OutputSize;
        if (head.InputSize != features)
            throw new ArgumentException($"The new head takes {head.InputSize} inputs but the kept layers output {features} (layer {keepLayers - 1}: {trained.Layers[keepLayers - 1]}).", nameof(head));
        var network = head.BuildOnto(trained.Layers.Take(keepLayers).ToArray(), random);
        network.Freeze(freeze ? keepLayers : 0);
        return network;
    }
}
