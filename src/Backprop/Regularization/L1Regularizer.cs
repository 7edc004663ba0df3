using System.Globalization;
using System.Numerics;
using Backprop.Layers;

namespace Backprop.Regularization;

/// <summary>L1: penalty λ/(2m)·Σ|W|; dW += (λ/(2m))·sign(W) (0 at W = 0, the subgradient).</summary>
internal sealed class L1Regularizer(double lambda) : Regularizer(lambda)
{
    public override string Name => $"L1(λ={Lambda.ToString(CultureInfo.InvariantCulture)})";

    private protected override double Norm<T>(ReadOnlySpan<T> weights)
    {
        double sum = 0;
        foreach (var w in weights)
            sum += Math.Abs(double.CreateTruncating(w));
        return sum;
    }

    private protected override double Scale(int m) => Lambda / (2.0 * m);

    private protected override void AddGradient<T>(Parameter<T> weights, int m)
    {
        T scale = T.CreateTruncating(Scale(m));
        var w = weights.Value.Span;
        var g = weights.Gradient.Span;
        for (int i = 0; i < w.Length; i++)
            g[i] += scale * T.CreateTruncating(T.Sign(w[i]));
    }
}
