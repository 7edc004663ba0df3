using System.Numerics;
using Backprop.Layers;
using Backprop.Tensors;

namespace Backprop.Optimizers;

/// <summary>
/// An update rule for the parameters: immutable hyperparameters here, per-parameter state (velocities,
/// moments) in the <see cref="IOptimizerState{T}"/> it creates for a network.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Validates and stores the base learning rate α.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive and finite.</exception>
    protected Optimizer(double learningRate)
    {
        if (!double.IsFinite(learningRate) || learningRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
        LearningRate = learningRate;
    }

    /// <summary>The base learning rate α (a schedule may scale it per epoch).</summary>
    public double LearningRate { get; }

    /// <summary>A short name with the hyperparameters, e.g. <c>GradientDescent(α=0.0075)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Creates the state this rule keeps for <paramref name="parameters"/>; allocated once, before training.</summary>
    public abstract IOptimizerState<T> CreateState<T>(IReadOnlyList<Parameter<T>> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The per-network state of an <see cref="Optimizer"/>; <see cref="Update"/> applies one step.</summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IOptimizerState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Number of updates applied so far (the t of bias correction). Set it, together with the
    /// <see cref="Slots"/>, only to resume training from a checkpoint.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    int Steps { get; set; }

    /// <summary>Updates every parameter from its gradient with learning rate <paramref name="learningRate"/>. Allocates nothing.</summary>
    void Update(double learningRate);

    /// <summary>
    /// The state tensors by name (e.g. <c>layers.0.W.velocity</c>), for saving and resuming training;
    /// empty for stateless rules.
    /// </summary>
    IReadOnlyDictionary<string, Matrix<T>> Slots { get; }
}
