using System.Globalization;
using System.Runtime.CompilerServices;

namespace Backprop.Optimizers;

/// <summary>
/// The range checks every optimizer constructor shares, so that each bad value is reported the same way:
/// an <see cref="ArgumentOutOfRangeException"/> naming the parameter and carrying the value.
/// </summary>
internal static class Hyperparameter
{
    /// <summary>Returns <paramref name="value"/> when 0 ≤ β &lt; 1 (an exponential-average decay rate).</summary>
    /// <exception cref="ArgumentOutOfRangeException">β is outside [0, 1) or NaN.</exception>
    public static double Beta(double value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        // Written so that NaN fails: β = 1 would freeze the average, β < 0 makes it oscillate.
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must satisfy 0 ≤ {name} < 1; got {Format(value)}.");
        return value;
    }

    /// <summary>Returns <paramref name="value"/> when ε is positive and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ε is not positive and finite.</exception>
    public static double Epsilon(double value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        // ε = 0 would divide by zero wherever a gradient has been exactly zero so far.
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite; got {Format(value)}.");
        return value;
    }

    /// <summary>Returns <paramref name="value"/> when λ is non-negative and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ is negative, infinite or NaN.</exception>
    public static double WeightDecay(double value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite; got {Format(value)}.");
        return value;
    }

    /// <summary>The round-trip invariant form used in names and messages.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
