using System.Globalization;

namespace Backprop.Metrics;

/// <summary>
/// An exponentially weighted (moving) average of a stream of values, as in the course's lecture on
/// momentum: it smooths a noisy series such as per-mini-batch costs or daily temperatures.
/// </summary>
/// <remarks>
/// <para>
/// This effectively computes <c>v_t = β·v_(t−1) + (1 − β)·θ_t</c> with <c>v_0 = 0</c>, and, with bias
/// correction, reports <c>v_t / (1 − β^t)</c>.
/// </para>
/// <para>
/// It averages over roughly <c>1 / (1 − β)</c> values: β = 0.9 over about the last 10, β = 0.98 over about
/// the last 50. Because <c>v_0 = 0</c>, the uncorrected average starts far too low; bias correction
/// removes that warm-up error and matters less as <c>t</c> grows and <c>β^t</c> vanishes.
/// </para>
/// </remarks>
public sealed class ExponentiallyWeightedAverage
{
    private double _v;

    /// <summary>Creates an empty average.</summary>
    /// <param name="beta">β, the weight of the past, in [0, 1); 0 keeps only the latest value.</param>
    /// <param name="biasCorrection">Whether <see cref="Value"/> is divided by <c>1 − β^t</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not in [0, 1).</exception>
    public ExponentiallyWeightedAverage(double beta, bool biasCorrection = true)
    {
        ValidateBeta(beta);
        Beta = beta;
        BiasCorrection = biasCorrection;
    }

    /// <summary>β, the weight of the past.</summary>
    public double Beta { get; }

    /// <summary>Whether <see cref="Value"/> is bias-corrected.</summary>
    public bool BiasCorrection { get; }

    /// <summary>The number of values added, t.</summary>
    public int Count { get; private set; }

    /// <summary>The raw average <c>v_t</c>, before bias correction; 0 when empty.</summary>
    public double UncorrectedValue => _v;

    /// <summary>The average: <c>v_t / (1 − β^t)</c> with bias correction, else <c>v_t</c>; 0 when empty.</summary>
    public double Value => BiasCorrection && Count > 0 ? _v / (1 - Math.Pow(Beta, Count)) : _v;

    /// <summary>Adds the next value θ_t and returns the updated <see cref="Value"/>.</summary>
    /// <param name="value">θ_t, finite.</param>
    /// <returns>The average including <paramref name="value"/>, bias-corrected when enabled.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public double Add(double value)
    {
        // One NaN or ∞ would poison every later average, so it is rejected where it enters.
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value,
                string.Create(CultureInfo.InvariantCulture, $"Value {Count + 1} of the average is not finite."));
        _v = Beta * _v + (1 - Beta) * value;
        Count++;
        return Value;
    }

    /// <summary>Empties the average: <c>v = 0</c>, <c>t = 0</c>.</summary>
    public void Reset()
    {
        _v = 0;
        Count = 0;
    }

    /// <summary>The running average after each of <paramref name="values"/>, one output per input.</summary>
    /// <param name="values">The series to smooth; each finite.</param>
    /// <param name="beta">β, in [0, 1).</param>
    /// <param name="biasCorrection">Whether each output is divided by <c>1 − β^t</c>.</param>
    /// <returns>A new array with the average after the 1st, 2nd, … value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not in [0, 1), or a value is NaN or infinite.</exception>
    public static double[] Smooth(IEnumerable<double> values, double beta, bool biasCorrection = true)
    {
        ArgumentNullException.ThrowIfNull(values);
        var average = new ExponentiallyWeightedAverage(beta, biasCorrection);
        var result = new List<double>(values.TryGetNonEnumeratedCount(out int n) ? n : 0);
        foreach (double value in values)
            result.Add(average.Add(value));
        return result.ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"ExponentiallyWeightedAverage(β={Beta}{(BiasCorrection ? ", bias-corrected" : "")}, t={Count}, value={Value})");

    private static void ValidateBeta(double beta)
    {
        // Written as a negated range test so NaN fails it too.
        if (!(beta >= 0 && beta < 1))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be in [0, 1).");
    }
}
