using System.Buffers;
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
        // Row by row over blocks of columns, in double: Z is [C, m] row-major, so a column's C logits lie a row
        // apart, while a row's logits are contiguous and every step below is one vector pass over them.
        int width = Math.Min(m, Block);
        double[] logits = ArrayPool<double>.Shared.Rent(classes * width);
        double[] logSumExp = ArrayPool<double>.Shared.Rent(width);
        double[] scratch = ArrayPool<double>.Shared.Rent(width);
        double total = 0;
        try
        {
            for (int j0 = 0; j0 < m; j0 += width)
            {
                int n = Math.Min(width, m - j0);
                var lse = logSumExp.AsSpan(0, n);
                var work = scratch.AsSpan(0, n);
                for (int c = 0; c < classes; c++)
                    TensorPrimitives.ConvertTruncating<T, double>(z.Row(c).Slice(j0, n), logits.AsSpan(c * n, n));
                // lse_j = max_c z_cj + log Σ_c e^(z_cj − max_c z_cj)
                logits.AsSpan(0, n).CopyTo(lse);
                for (int c = 1; c < classes; c++)
                    TensorPrimitives.Max(lse, logits.AsSpan(c * n, n), lse);
                work.Clear();
                for (int c = 0; c < classes; c++)
                {
                    var row = logits.AsSpan(c * n, n);
                    TensorPrimitives.Subtract(row, lse, row);
                    TensorPrimitives.Exp(row, row);
                    TensorPrimitives.Add(work, row, work);
                    // The shifted logit is needed again below; it is re-formed from Z rather than kept.
                    TensorPrimitives.ConvertTruncating<T, double>(z.Row(c).Slice(j0, n), row);
                }
                TensorPrimitives.Log(work, work);
                TensorPrimitives.Add(lse, work, lse);
                // Σ_c y_cj·(lse_j − z_cj)
                for (int c = 0; c < classes; c++)
                {
                    var row = logits.AsSpan(c * n, n);
                    TensorPrimitives.Subtract(lse, row, row);
                    TensorPrimitives.ConvertTruncating<T, double>(y.Row(c).Slice(j0, n), work);
                    total += TensorPrimitives.Dot(work, row);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
            ArrayPool<double>.Shared.Return(logSumExp);
            ArrayPool<double>.Shared.Return(logits);
        }
        return total / m;
    }

    /// <summary>Columns per block of <see cref="Cost"/>: a block's logits in double stay in the L1/L2 cache.</summary>
    private const int Block = 512;

    public override void OutputGradient<T>(Activation outputActivation, Matrix<T> z, Matrix<T> a, Matrix<T> y, Matrix<T> dZ)
    {
        ShapeMismatchException.ThrowIfDifferent(a, y, "labels Y (categorical cross-entropy)");
        TensorPrimitives.Subtract<T>(a.Span, y.Span, dZ.Span);
    }
}
