using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Layers;

namespace Backprop.Regularization;

/// <summary>L2: penalty λ/(2m)·Σ‖W‖²_F; dW += (λ/m)·W.</summary>
internal sealed class L2Regularizer(double lambda) : Regularizer(lambda)
{
    public override string Name => $"L2(λ={Lambda.ToString(CultureInfo.InvariantCulture)})";

    private protected override double Norm<T>(ReadOnlySpan<T> weights)
    {
        double sum = 0;
        foreach (var w in weights)
        {
            double v = double.CreateTruncating(w);
            sum += v * v;
        }
        return sum;
    }

    // The course writes (1/m)·(λ/2)·Σ.
    private protected override double Scale(int m) => 1.0 / m * (Lambda / 2);

    private protected override void AddGradient<T>(Parameter<T> weights, int m)
    {
        // The course: dW = (data gradient) + λ/m·W.
        T scale = T.CreateTruncating(Lambda / m);
        TensorPrimitives.MultiplyAdd<T>(weights.Value.Span, scale, weights.Gradient.Span, weights.Gradient.Span);
    }
}
