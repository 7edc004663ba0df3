using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Layers;
using Backprop.Tensors;

namespace Backprop.Optimizers;

/// <summary>
/// Plain gradient descent: W := W − α·dW and b := b − α·db for every layer.
/// </summary>
/// <param name="learningRate">α, positive.</param>
public sealed class GradientDescent(double learningRate) : Optimizer(learningRate)
{
    /// <inheritdoc/>
    public override string Name => $"GradientDescent(α={LearningRate.ToString(CultureInfo.InvariantCulture)})";

    /// <inheritdoc/>
    public override IOptimizerState<T> CreateState<T>(IReadOnlyList<Parameter<T>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new State<T>(parameters.ToArray());
    }

    private sealed class State<T>(Parameter<T>[] parameters) : IOptimizerState<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int Steps
        {
            get;
            set => field = OptimizerSlots.CheckSteps(value);
        }

        public IReadOnlyDictionary<string, Matrix<T>> Slots { get; } = new Dictionary<string, Matrix<T>>();

        public void Update(double learningRate)
        {
            // W + (−α)·dW rounds exactly like the course's W − α·dW (negation is exact).
            T step = T.CreateTruncating(-learningRate);
            foreach (var p in parameters)
                TensorPrimitives.MultiplyAdd<T>(p.Gradient.Span, step, p.Value.Span, p.Value.Span);
            Steps++;
        }
    }
}
