using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>
/// Input normalization as the course teaches it: per-feature mean and variance fitted on the training
/// set, then the same shift and scale applied, unchanged, to the training, dev and test sets.
/// </summary>
/// <remarks>
/// <para>Fitting on X of shape [n_x, m] (one column per example, so feature i is row i) computes, for
/// every feature i, μᵢ = (1/m)·Σⱼ xᵢⱼ and σᵢ² = (1/m)·Σⱼ (xᵢⱼ − μᵢ)², the biased 1/m variance the course
/// writes. Transforming then effectively computes x_norm = (x − μᵢ) / √(σᵢ² + ε).</para>
/// <para>ε (default <see cref="DefaultEpsilon"/> = 1e-8) keeps the division finite and tame for features
/// of tiny variance. It also means the normalized training features have variance σ²/(σ² + ε), not
/// exactly 1; pass ε = 0 for exactly 1. A feature whose training variance is exactly 0 (constant in the
/// training set) maps to 0 in every set: it carries nothing the training set could calibrate, and
/// dividing a dev-set deviation by √ε would inflate it ten-thousandfold.</para>
/// <para>The dev and test sets must use the <em>training</em> μ and σ², so that every set goes through
/// the same function and the network sees inputs on the scale it was trained on. Keep the fitted
/// normalizer with the model; <see cref="Normalizer(IReadOnlyList{double}, IReadOnlyList{double}, double)"/>
/// rebuilds it from saved statistics with bit-identical results.</para>
/// <para>Statistics are accumulated in double whatever the element type, with the corrected two-pass
/// algorithm: a first pass for μ, a second for Σd and Σd² with d = x − μ, then σ² = (Σd² − (Σd)²/m)/m,
/// where the (Σd)²/m term cancels the rounding error of the first-pass mean.</para>
/// <example><code>
/// var normalizer = Normalizer.Fit(train.X);
/// var trainNorm = normalizer.Transform(train);
/// var devNorm = normalizer.Transform(dev);   // training statistics, not the dev set's own
/// </code></example>
/// </remarks>
public sealed class Normalizer
{
    /// <summary>The default ε added to the variance before the square root: 1e-8.</summary>
    public const double DefaultEpsilon = 1e-8;

    // Float rows are widened to double in chunks of this many elements, so fitting allocates one small
    // buffer instead of a double copy of X.
    private const int ChunkLength = 4096;

    private readonly double[] _mean;
    private readonly double[] _variance;
    // √(σ² + ε) per feature, or 0 for a constant feature (which then maps to 0).
    private readonly double[] _stdDev;

    /// <summary>
    /// Rebuilds a normalizer from saved statistics; transforms then give exactly the bits the fitted one gave.
    /// </summary>
    /// <param name="mean">μᵢ per feature; finite.</param>
    /// <param name="variance">σᵢ² per feature; finite and ≥ 0 (exactly 0 marks a constant feature).</param>
    /// <param name="epsilon">ε added to σ² before the square root; finite and ≥ 0.</param>
    /// <exception cref="ArgumentException">The lists are empty or have different lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A mean is not finite, a variance is negative or not finite, or ε is negative or not finite.</exception>
    public Normalizer(IReadOnlyList<double> mean, IReadOnlyList<double> variance, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        if (mean.Count != variance.Count)
            throw new ArgumentException($"Normalizer: {mean.Count} means but {variance.Count} variances; both need one value per feature.", nameof(variance));
        if (mean.Count == 0)
            throw new ArgumentException("Normalizer: the statistics are empty; at least one feature is needed.", nameof(mean));
        ThrowIfBadEpsilon(epsilon);
        _mean = [.. mean];
        _variance = [.. variance];
        _stdDev = new double[_mean.Length];
        for (int i = 0; i < _mean.Length; i++)
        {
            if (!double.IsFinite(_mean[i]))
                throw new ArgumentOutOfRangeException(nameof(mean), _mean[i], $"Normalizer: mean[{i}] is {Text(_mean[i])}; a mean must be finite.");
            if (!(_variance[i] >= 0) || double.IsPositiveInfinity(_variance[i]))
                throw new ArgumentOutOfRangeException(nameof(variance), _variance[i], $"Normalizer: variance[{i}] is {Text(_variance[i])}; a variance must be finite and ≥ 0.");
            _stdDev[i] = _variance[i] == 0 ? 0 : Math.Sqrt(_variance[i] + epsilon);
        }
        Epsilon = epsilon;
        Mean = Array.AsReadOnly(_mean);
        Variance = Array.AsReadOnly(_variance);
    }

    /// <summary>μᵢ = (1/m)·Σⱼ xᵢⱼ, the training mean of each feature.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>σᵢ² = (1/m)·Σⱼ (xᵢⱼ − μᵢ)², the biased training variance of each feature.</summary>
    public IReadOnlyList<double> Variance { get; }

    /// <summary>ε in x_norm = (x − μ) / √(σ² + ε).</summary>
    public double Epsilon { get; }

    /// <summary>The number of features n_x, the rows every transformed X must have.</summary>
    public int Features => _mean.Length;

    /// <summary>Fits μ and σ² per feature (row) of the training inputs X, [n_x, m].</summary>
    /// <param name="x">The training inputs, one column per example.</param>
    /// <param name="epsilon">ε added to σ² before the square root; finite and ≥ 0.</param>
    /// <returns>A normalizer computing x_norm = (x − μ) / √(σ² + ε) with the training statistics.</returns>
    /// <exception cref="ArgumentException">X has no features or no examples, holds a NaN or ±∞ (the message names the feature and the example), or a feature's statistics overflow double.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is negative or not finite.</exception>
    public static Normalizer Fit<T>(Matrix<T> x, double epsilon = DefaultEpsilon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfBadEpsilon(epsilon);
        if (x.Rows == 0)
            throw new ArgumentException($"Normalizer: cannot fit on X of shape {x.ShapeText}, which has no features (rows).", nameof(x));
        if (x.Columns == 0)
            throw new ArgumentException($"Normalizer: cannot fit on an empty set; X is {x.ShapeText}, with no examples (columns).", nameof(x));

        var mean = new double[x.Rows];
        var variance = new double[x.Rows];
        var chunk = new double[Math.Min(x.Columns, ChunkLength)];
        for (int i = 0; i < x.Rows; i++)
        {
            ReadOnlySpan<T> row = x.Row(i);
            ThrowIfNonFinite(row, i, nameof(x));
            (mean[i], variance[i]) = RowStatistics(row, chunk);
            if (!double.IsFinite(mean[i]) || !double.IsFinite(variance[i]))
                throw new ArgumentException($"Normalizer: the statistics of feature {i} overflow double (mean {Text(mean[i])}, variance {Text(variance[i])}); rescale that feature first.", nameof(x));
        }
        return new Normalizer(mean, variance, epsilon);
    }

    /// <summary>Fits μ and σ² per feature of a training set's inputs; see <see cref="Fit{T}(Matrix{T}, double)"/>.</summary>
    /// <param name="training">The training set; only X is used.</param>
    /// <param name="epsilon">ε added to σ² before the square root; finite and ≥ 0.</param>
    /// <returns>A normalizer computing x_norm = (x − μ) / √(σ² + ε) with the training statistics.</returns>
    /// <exception cref="ArgumentException">X has no features or no examples, or holds a NaN or ±∞.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is negative or not finite.</exception>
    public static Normalizer Fit<T>(Dataset<T> training, double epsilon = DefaultEpsilon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        return Fit(training.X, epsilon);
    }

    /// <summary>A new matrix holding x_norm = (x − μᵢ) / √(σᵢ² + ε) for every element of X; X is unchanged.</summary>
    /// <param name="x">Inputs [n_x, m] with n_x = <see cref="Features"/>; any number of examples, including 0.</param>
    /// <returns>The normalized inputs, same shape as X.</returns>
    /// <exception cref="ShapeMismatchException">X does not have <see cref="Features"/> rows.</exception>
    /// <exception cref="ArgumentException">X holds a NaN or ±∞ (the message names the feature and the example).</exception>
    public Matrix<T> Transform<T>(Matrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = x.Clone();
        TransformInPlace(result);
        return result;
    }

    /// <summary>Overwrites every element of X with x_norm = (x − μᵢ) / √(σᵢ² + ε).</summary>
    /// <param name="x">Inputs [n_x, m] with n_x = <see cref="Features"/>.</param>
    /// <exception cref="ShapeMismatchException">X does not have <see cref="Features"/> rows.</exception>
    /// <exception cref="ArgumentException">X holds a NaN or ±∞; X is then left unchanged.</exception>
    public void TransformInPlace<T>(Matrix<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows != Features)
            throw new ShapeMismatchException($"Normalizer: fitted on {Features} features, but X is {x.ShapeText} with {x.Rows} features (rows).");
        // Validate every row before writing any, so a bad value leaves X as it was.
        for (int i = 0; i < x.Rows; i++)
            ThrowIfNonFinite<T>(x.Row(i), i, nameof(x));
        for (int i = 0; i < x.Rows; i++)
            TransformRow(x.Row(i), _mean[i], _stdDev[i]);
    }

    /// <summary>A new data set whose X is normalized as by <see cref="Transform{T}(Matrix{T})"/>; Y and the class names are shared, not copied.</summary>
    /// <param name="data">A training, dev or test set with <see cref="Features"/> features.</param>
    /// <returns>The data set with x_norm = (x − μ) / √(σ² + ε) as its inputs.</returns>
    /// <exception cref="ShapeMismatchException">The set does not have <see cref="Features"/> features.</exception>
    /// <exception cref="ArgumentException">X holds a NaN or ±∞.</exception>
    public Dataset<T> Transform<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Dataset<T>(Transform(data.X), data.Y, data.ClassNames);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Normalizer({Features} features, ε = {Text(Epsilon)})";

    private static (double Mean, double Variance) RowStatistics<T>(ReadOnlySpan<T> row, Span<double> chunk)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A constant row is answered exactly: summing m copies of c and dividing by m need not give c back,
        // and the residue would turn a constant feature into a tiny nonzero variance.
        T min = TensorPrimitives.Min(row);
        if (min == TensorPrimitives.Max(row))
            return (double.CreateTruncating(min), 0);

        int m = row.Length;
        double sum = 0;
        for (int start = 0; start < m; start += chunk.Length)
            sum += TensorPrimitives.Sum<double>(Widen(row, start, chunk));
        double mean = sum / m;

        double sumD = 0, sumD2 = 0;
        for (int start = 0; start < m; start += chunk.Length)
        {
            Span<double> d = Widen(row, start, chunk);
            TensorPrimitives.Subtract(d, mean, d);
            sumD += TensorPrimitives.Sum<double>(d);
            sumD2 += TensorPrimitives.SumOfSquares<double>(d);
        }
        // Mathematically Σd² ≥ (Σd)²/m; rounding may cross it only when the true variance is ~0.
        double variance = Math.Max(0, (sumD2 - sumD * sumD / m) / m);
        return (mean + sumD / m, variance);
    }

    // Copies row[start..] (at most chunk.Length elements) into chunk as doubles and returns the filled part.
    private static Span<double> Widen<T>(ReadOnlySpan<T> row, int start, Span<double> chunk)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> part = row.Slice(start, Math.Min(chunk.Length, row.Length - start));
        Span<double> target = chunk[..part.Length];
        if (typeof(T) == typeof(double))
            MemoryMarshal.Cast<T, double>(part).CopyTo(target);
        else
            TensorPrimitives.ConvertTruncating<T, double>(part, target);
        return target;
    }

    private static void TransformRow<T>(Span<T> row, double mean, double stdDev) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (stdDev == 0)
        {
            row.Clear();
            return;
        }
        if (typeof(T) == typeof(double))
        {
            Span<double> r = MemoryMarshal.Cast<T, double>(row);
            TensorPrimitives.Subtract(r, mean, r);
            TensorPrimitives.Divide(r, stdDev, r);
            return;
        }
        // Other types go through double in small stack chunks, so μ and σ are not rounded to T first.
        Span<double> chunk = stackalloc double[256];
        for (int start = 0; start < row.Length; start += chunk.Length)
        {
            Span<T> part = row.Slice(start, Math.Min(chunk.Length, row.Length - start));
            Span<double> d = chunk[..part.Length];
            TensorPrimitives.ConvertTruncating<T, double>(part, d);
            TensorPrimitives.Subtract(d, mean, d);
            TensorPrimitives.Divide(d, stdDev, d);
            TensorPrimitives.ConvertTruncating<double, T>(d, part);
        }
    }

    private static void ThrowIfNonFinite<T>(ReadOnlySpan<T> row, int feature, string paramName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A finite sum proves every element finite (NaN and ±∞ propagate through addition), so the
        // element-by-element search runs only when something is wrong or the sum merely overflowed.
        if (T.IsFinite(TensorPrimitives.Sum(row)))
            return;
        for (int j = 0; j < row.Length; j++)
            if (!T.IsFinite(row[j]))
                throw new ArgumentException($"Normalizer: X[{feature}, {j}] (feature {feature}, example {j}) is {row[j]}; normalization needs finite values.", paramName);
    }

    private static void ThrowIfBadEpsilon(double epsilon)
    {
        if (!(epsilon >= 0) || double.IsPositiveInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Normalizer: ε must be finite and ≥ 0.");
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
