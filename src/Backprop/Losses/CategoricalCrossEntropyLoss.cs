using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Activations;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>
/// Categorical cross-entropy for a softmax output over C classes: J = −(1/m) Σ_j Σ_c y_cj·log a_cj,
/// with Y one-hot ([C, m], each column summing to 1).
/// </summary>
/// <remarks>
/// <para>Computed from the logits with log-sum-exp, log a_cj = z_cj − (max_k z_kj + log Σ_k e^(z_kj − max_k z_kj)),
/// so no log 0 and no overflow occur however confident the network is.</para>
/// <para>The gradient is fused with the softmax: dZ = A − Y.</para>
/// </remarks>
internal sealed class CategoricalCrossEntropyLoss : Loss
{
    public override string Name => "CategoricalCrossEntropy";

    public override void ValidateOutputActivation(Activation outputActivation)
    {
        if (outputActivation != Activation.Softmax)
            throw new ArgumentException($"Categorical cross-entropy needs a Softmax output layer; the output layer uses {outputActivation.Name}.", nameof(outputActivation));
    }

    public override void ValidateLabels<T>(Matrix<T> y)
    {
        for (int j = 0; j < y.Columns; j++)
        {
            double sum = 0;
            for (int c = 0; c < y.Rows; c++)
            {
                double v = double.CreateTruncating(y[c, j]);
                if (!(v >= 0 && v <= 1))
                    throw new ArgumentException($"Categorical cross-entropy needs one-hot labels in [0, 1]; Y[{c}, {j}] is {v}.", nameof(y));
                sum += v;
            }
            if (Math.Abs(sum - 1) > 1e-6)
                throw new ArgumentException($"Categorical cross-entropy needs one-hot label columns summing to 1; column {j} (example {j}) sums to {sum}.", nameof(y));
        }
    }

    public override double Cost<T>(Matrix<T> z, Matrix<T> a, Matrix<T> y)
    {
        ShapeMismatchException.ThrowIfDifferent(z, y, "labels Y (categorical cross-entropy)");
        int classes = z.Rows, m = z.Columns;
        var zs = z.Span;
        var ys = y.Span;
        double total = 0;
        for (int j = 0; j < m; j++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
                max = Math.Max(max, double.CreateTruncating(zs[c * m + j]));
            double sumExp = 0;
            for (int c = 0; c < classes; c++)
                sumExp += Math.Exp(double.CreateTruncating(zs[c * m + j]) - max);
            double logSumExp = max + Math.Log(sumExp);
            for (int c = 0; c < classes; c++)
            {
                double yc = double.CreateTruncating(ys[c * m + j]);
                if (yc != 0)
                    total += yc * (logSumExp - double.CreateTruncating(zs[c * m + j]));
            }
        }
        return total / m;
    }

    public override void OutputGradient<T>(Activation outputActivation, Matrix<T> z, Matrix<T> a, Matrix<T> y, Matrix<T> dZ)
    {
        ShapeMismatchException.ThrowIfDifferent(a, y, "labels Y (categorical cross-entropy)");
        TensorPrimitives.Subtract<T>(a.Span, y.Span, dZ.Span);
    }
}
