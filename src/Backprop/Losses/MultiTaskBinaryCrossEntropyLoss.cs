using Backprop.Activations;
using Backprop.Tensors;

namespace Backprop.Losses;

/// <summary>
/// Binary cross-entropy over several sigmoid outputs (one task per row of Y) that skips missing labels:
/// J = (1/m) Σ_i Σ_j over the present labels of −[y·log a + (1−y)·log(1−a)].
/// </summary>
/// <remarks>
/// <para>A missing label is written as NaN in Y: it cannot be confused with a label, and no other value
/// would survive a round trip through a float CSV column as "unknown". Labels that are present must be 0 or 1.</para>
/// <para>The gradient is dZ = A − Y where the label is present and 0 where it is missing, so an unlabelled
/// output neither moves the weights nor adds to the cost. The division stays by m (examples), not by the number
/// of present labels, as the course writes it; a task with no labels in a batch simply contributes nothing.</para>
/// <para>The per-label loss uses the same stable form as binary cross-entropy,
/// max(z, 0) − z·y + log(1 + e^(−|z|)), so a saturated sigmoid never yields log 0.</para>
/// </remarks>
internal sealed class MultiTaskBinaryCrossEntropyLoss : Loss
{
    public override string Name => "MultiTaskBinaryCrossEntropy";

    public override void ValidateOutputActivation(Activation outputActivation)
    {
        if (outputActivation != Activation.Sigmoid)
            throw new ArgumentException($"Multi-task binary cross-entropy needs a Sigmoid output layer (one unit per task); the output layer uses {outputActivation.Name}.", nameof(outputActivation));
    }

    public override void ValidateLabels<T>(Matrix<T> y)
    {
        var values = y.Span;
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsNaN(values[i]) && values[i] != T.Zero && values[i] != T.One)
                throw new ArgumentException($"Multi-task binary cross-entropy needs labels 0, 1 or NaN (missing); Y[{i / y.Columns}, {i % y.Columns}] is {values[i]}.", nameof(y));
        }
    }

    public override double Cost<T>(Matrix<T> z, Matrix<T> a, Matrix<T> y)
    {
        ShapeMismatchException.ThrowIfDifferent(z, y, "labels Y (multi-task binary cross-entropy: one row per task)");
        var zs = z.Span;
        var ys = y.Span;
        double sum = 0;
        for (int i = 0; i < zs.Length; i++)
        {
            if (T.IsNaN(ys[i]))
                continue;
            double zi = double.CreateTruncating(zs[i]);
            double yi = double.CreateTruncating(ys[i]);
            sum += Math.Max(zi, 0) - zi * yi + Math.Log(1 + Math.Exp(-Math.Abs(zi)));
        }
        return sum / y.Columns;
    }

    public override void OutputGradient<T>(Activation outputActivation, Matrix<T> z, Matrix<T> a, Matrix<T> y, Matrix<T> dZ)
    {
        ShapeMismatchException.ThrowIfDifferent(a, y, "labels Y (multi-task binary cross-entropy: one row per task)");
        var av = a.Span;
        var yv = y.Span;
        var d = dZ.Span;
        for (int i = 0; i < av.Length; i++)
            d[i] = T.IsNaN(yv[i]) ? T.Zero : av[i] - yv[i];
    }
}
