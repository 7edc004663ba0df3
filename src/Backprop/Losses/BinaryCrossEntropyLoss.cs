using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Activations;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>
/// Binary cross-entropy for a sigmoid output: J = −(1/m) Σ [y·log a + (1−y)·log(1−a)].
/// </summary>
/// <remarks>
/// <para>Computed from the logits z (a = σ(z)) in the stable form
/// L = max(z, 0) − z·y + log(1 + e^(−|z|)), which equals the course's formula but never takes log 0:
/// a saturated sigmoid gives a large finite cost instead of NaN or ∞.</para>
/// <para>The gradient is fused with the sigmoid: dZ = A − Y. The course reaches the same value as
/// dA = −(y/a − (1−y)/(1−a)) followed by dZ = dA·a(1−a), which divides by zero when a saturates.</para>
/// </remarks>
internal sealed class BinaryCrossEntropyLoss : Loss
{
    public override string Name => "BinaryCrossEntropy";

    public override void ValidateOutputActivation(Activation outputActivation)
    {
        if (outputActivation != Activation.Sigmoid)
            throw new ArgumentException($"Binary cross-entropy needs a Sigmoid output layer; the output layer uses {outputActivation.Name}.", nameof(outputActivation));
    }

    public override void ValidateLabels<T>(Matrix<T> y)
    {
        var values = y.Span;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != T.Zero && values[i] != T.One)
                throw new ArgumentException($"Binary cross-entropy needs labels 0 or 1; Y[{i / y.Columns}, {i % y.Columns}] is {values[i]}.", nameof(y));
        }
    }

    public override double Cost<T>(Matrix<T> z, Matrix<T> a, Matrix<T> y)
    {
        ShapeMismatchException.ThrowIfDifferent(z, y, "labels Y (binary cross-entropy)");
        var zs = z.Span;
        var ys = y.Span;
        double sum = 0;
        for (int i = 0; i < zs.Length; i++)
        {
            double zi = double.CreateTruncating(zs[i]);
            double yi = double.CreateTruncating(ys[i]);
            sum += Math.Max(zi, 0) - zi * yi + Math.Log(1 + Math.Exp(-Math.Abs(zi)));
        }
        return sum / y.Columns;
    }

    public override void OutputGradient<T>(Activation outputActivation, Matrix<T> z, Matrix<T> a, Matrix<T> y, Matrix<T> dZ)
    {
        ShapeMismatchException.ThrowIfDifferent(a, y, "labels Y (binary cross-entropy)");
        TensorPrimitives.Subtract<T>(a.Span, y.Span, dZ.Span);
    }
}
