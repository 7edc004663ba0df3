using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Tensors;
using Backprop.Tensors.Kernels;

namespace Backprop.Activations;

/// <summary>
/// Softmax over the units of each example: for column j, a_cj = e^(z_cj − max_k z_kj) / Σ_k e^(z_kj − max_k z_kj).
/// Backward: dZ_:j = A_:j ⊙ (dA_:j − Σ_k a_kj·dA_kj) (the softmax Jacobian applied to dA); with
/// categorical cross-entropy the loss gives dZ = A − Y directly instead.
/// </summary>
/// <remarks>
/// Z is [C, m] row-major, so a column is strided. Each pass therefore runs over whole rows, vectorized
/// across the m examples, with per-example running maxima and sums in a pooled scratch row.
/// </remarks>
internal sealed class SoftmaxActivation : Activation
{
    public override string Name => "Softmax";

    public override double Apply(double z)
        => throw new InvalidOperationException("Softmax is computed over all units of an example, not element by element.");

    internal override void Forward<T>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a)
    {
        Elementwise.BiasThenApply(z, bias, a, default(IdentityOperator<T>));
        int m = z.Columns;
        T[] rented = ArrayPool<T>.Shared.Rent(2 * m);
        try
        {
            Span<T> max = rented.AsSpan(0, m), sum = rented.AsSpan(m, m);
            z.Row(0).CopyTo(max);
            for (int r = 1; r < z.Rows; r++)
                TensorPrimitives.Max<T>(max, z.Row(r), max);
            sum.Clear();
            for (int r = 0; r < z.Rows; r++)
            {
                Span<T> row = a.Row(r);
                TensorPrimitives.Subtract<T>(z.Row(r), max, row);
                TensorPrimitives.Exp<T>(row, row);
                TensorPrimitives.Add<T>(sum, row, sum);
            }
            for (int r = 0; r < z.Rows; r++)
                TensorPrimitives.Divide<T>(a.Row(r), sum, a.Row(r));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    internal override void Backward<T>(Matrix<T> a, Matrix<T> dA, Matrix<T> dZ)
    {
        int m = a.Columns;
        T[] rented = ArrayPool<T>.Shared.Rent(2 * m);
        try
        {
            Span<T> dot = rented.AsSpan(0, m), product = rented.AsSpan(m, m);
            dot.Clear();
            for (int r = 0; r < a.Rows; r++)
            {
                TensorPrimitives.Multiply<T>(a.Row(r), dA.Row(r), product);
                TensorPrimitives.Add<T>(dot, product, dot);
            }
            for (int r = 0; r < a.Rows; r++)
            {
                TensorPrimitives.Subtract<T>(dA.Row(r), dot, dZ.Row(r));
                TensorPrimitives.Multiply<T>(a.Row(r), dZ.Row(r), dZ.Row(r));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }
}
