using System.Numerics;
using Backprop.Activations;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>
/// Mean squared error: J = (1/(m·n_y)) Σ (a − y)², averaged over examples and outputs;
/// dA = (2/n_y)·(A − Y), then dZ = dA ⊙ g′ of the output activation.
/// </summary>
internal sealed class MeanSquaredErrorLoss : Loss
{
    public override string Name => "MeanSquaredError";

    public override void ValidateOutputActivation(Activation outputActivation) { }

    public override void ValidateLabels<T>(Matrix<T> y)
    {
        var values = y.Span;
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
                throw new ArgumentException($"Mean squared error needs finite targets; Y[{i / y.Columns}, {i % y.Columns}] is {values[i]}.", nameof(y));
        }
    }

    public override double Cost<T>(Matrix<T> z, Matrix<T> a, Matrix<T> y)
    {
        ShapeMismatchException.ThrowIfDifferent(a, y, "targets Y (mean squared error)");
        var av = a.Span;
        var yv = y.Span;
        double sum = 0;
        for (int i = 0; i < av.Length; i++)
        {
            double d = double.CreateTruncating(av[i]) - double.CreateTruncating(yv[i]);
            sum += d * d;
        }
        return sum / ((double)y.Columns * y.Rows);
    }

    public override void OutputGradient<T>(Activation outputActivation, Matrix<T> z, Matrix<T> a, Matrix<T> y, Matrix<T> dZ)
    {
        ShapeMismatchException.ThrowIfDifferent(a, y, "targets Y (mean squared error)");
        T scale = T.CreateTruncating(2.0 / y.Rows);
        var av = a.Span;
        var yv = y.Span;
        var d = dZ.Span;
        for (int i = 0; i < av.Length; i++)
            d[i] = scale * (av[i] - yv[i]);
        outputActivation.Backward(a, dZ, dZ);
    }
}
