using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Layers;

namespace Backprop.Optimizers;

/// <summary>
/// Limits the gradients before an optimizer step, either by their global norm or element by element.
/// Immutable; <see cref="Apply{T}"/> works in place and allocates nothing.
/// </summary>
/// <remarks>
/// <para>Call it between backward propagation and the update:
/// <code>
/// network.ComputeGradients(x, y);
/// clipping.Apply(network.Parameters);
/// state.Update(learningRate);
/// </code></para>
/// <para>Clipping by norm keeps the direction of the whole gradient and only shortens it, so it is the usual
/// choice against exploding gradients; clipping by value is the course's (Course 5, <c>np.clip(gradient,
/// -maxValue, maxValue)</c>) and changes the direction when only some elements are clipped.</para>
/// </remarks>
/// <example><code>var clipping = GradientClipping.ByNorm(5.0);</code></example>
public abstract class GradientClipping
{
    // Only the nested rules derive, so that Apply's contract (in place, allocation-free) holds for every instance.
    private protected GradientClipping()
    {
    }

    /// <summary>
    /// Clipping by global norm: with ‖g‖ = √(Σ over all parameters and elements of g²), every gradient is
    /// multiplied by maxNorm/‖g‖ when ‖g‖ &gt; maxNorm, and left unchanged otherwise.
    /// </summary>
    /// <param name="maxNorm">The largest global norm let through; positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not positive and finite.</exception>
    public static GradientClipping ByNorm(double maxNorm)
    {
        if (!double.IsFinite(maxNorm) || maxNorm <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"maxNorm must be positive and finite; got {Hyperparameter.Format(maxNorm)}.");
        return new NormClipping(maxNorm);
    }

    /// <summary>Clipping by value: every gradient element g becomes min(max(g, −limit), limit).</summary>
    /// <param name="limit">c, the largest magnitude let through; positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive and finite.</exception>
    public static GradientClipping ByValue(double limit)
    {
        if (!double.IsFinite(limit) || limit <= 0)
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"limit must be positive and finite; got {Hyperparameter.Format(limit)}.");
        return new ValueClipping(limit);
    }

    /// <summary>The rule and its threshold, e.g. <c>ClipByNorm(5)</c> or <c>ClipByValue(1)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Clips the <see cref="Parameter{T}.Gradient"/> of every parameter in place: by norm, g = g·maxNorm/‖g‖ when
    /// ‖g‖ &gt; maxNorm; by value, g = min(max(g, −c), c) per element.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of its entries is null.</exception>
    public abstract void Apply<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;

    private sealed class NormClipping(double maxNorm) : GradientClipping
    {
        public override string Name => $"ClipByNorm({Hyperparameter.Format(maxNorm)})";

        /// <remarks>
        /// A NaN or infinite norm (a gradient already holds NaN or ∞) leaves the gradients unchanged: scaling
        /// by 0 or NaN would hide the divergence the trainer reports.
        /// </remarks>
        public override void Apply<T>(IReadOnlyList<Parameter<T>> parameters)
        {
            double norm = GlobalNorm(parameters);
            if (!(norm > maxNorm) || double.IsInfinity(norm))
                return;
            T scale = T.CreateTruncating(maxNorm / norm);
            // Indexed loop: foreach over an IReadOnlyList allocates an enumerator.
            for (int i = 0; i < parameters.Count; i++)
                TensorPrimitives.Multiply(parameters[i].Gradient.Span, scale, parameters[i].Gradient.Span);
        }

        /// <summary>√(Σ g²) over every gradient: per-parameter sums in T, their total in double.</summary>
        private static double GlobalNorm<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(parameters);
            double sum = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i] ?? throw new ArgumentNullException(nameof(parameters), $"Parameter {i} of the list is null.");
                sum += double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(p.Gradient.Span));
            }
            return double.IsPositiveInfinity(sum) ? RescaledNorm(parameters) : Math.Sqrt(sum);
        }

        /// <summary>
        /// The norm when the squares overflowed (easily reached in float, from gradients above about 1e19):
        /// dividing by the largest magnitude first keeps finite gradients' norm finite.
        /// </summary>
        private static double RescaledNorm<T>(IReadOnlyList<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
        {
            double largest = 0;
            for (int i = 0; i < parameters.Count; i++)
                if (parameters[i].Gradient.Length > 0)
                    largest = Math.Max(largest, double.Abs(double.CreateTruncating(TensorPrimitives.MaxMagnitude<T>(parameters[i].Gradient.Span))));
            if (!double.IsFinite(largest))
                return largest;
            double sum = 0;
            for (int i = 0; i < parameters.Count; i++)
                foreach (T g in parameters[i].Gradient.Span)
                {
                    double r = double.CreateTruncating(g) / largest;
                    sum += r * r;
                }
            return largest * Math.Sqrt(sum);
        }
    }

    private sealed class ValueClipping(double limit) : GradientClipping
    {
        public override string Name => $"ClipByValue({Hyperparameter.Format(limit)})";

        /// <remarks>NaN elements stay NaN (as with <c>np.clip</c>), so divergence still shows.</remarks>
        public override void Apply<T>(IReadOnlyList<Parameter<T>> parameters)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            T c = T.CreateTruncating(limit);
            for (int i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i] ?? throw new ArgumentNullException(nameof(parameters), $"Parameter {i} of the list is null.");
                TensorPrimitives.Clamp(p.Gradient.Span, -c, c, p.Gradient.Span);
            }
        }
    }
}
