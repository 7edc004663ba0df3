using System.Numerics;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>
/// The "planar flower" data set of the course (Course 1, Week 3): two interleaved classes of 2-D points
/// on the petals of a rose curve, which no linear classifier separates well.
/// </summary>
/// <remarks>
/// For class j = 0 then 1, with N = m/2 points each:
/// θ = linspace(3.12·j, 3.12·(j+1), N) + 0.2·randn(N); r = a·sin(k·θ) + 0.2·randn(N);
/// x1 = r·sin θ, x2 = r·cos θ, y = j. The course uses a = 4 and k = 4. Examples 0 … N−1 are class 0
/// and N … m−1 class 1, in draw order (not shuffled). Drawn from a <see cref="NumPyRandom"/> seeded
/// with 1 this is the course's data set: the labels and every random draw are NumPy's exactly, and the
/// coordinates follow NumPy's float64 operations in order, with the platform's libm sin and cos.
/// NumPy builds that evaluate sin and cos with SVML on AVX-512 machines round them differently, so
/// their coordinates can differ from these by a few ulps (at most 2⁻⁴⁹ ≈ 1.8·10⁻¹⁵ for the course's set).
/// </remarks>
public static class PlanarFlower
{
    // The angular span of each class and the noise scale are fixed in the course's generator.
    private const double AngleSpan = 3.12;
    private const double NoiseScale = 0.2;

    /// <summary>
    /// The course's data set exactly: 400 examples drawn from NumPy's legacy generator after
    /// <c>np.random.seed(<paramref name="seed"/>)</c> (the course uses seed 1).
    /// </summary>
    /// <param name="seed">The NumPy seed, 0 … <see cref="int.MaxValue"/>.</param>
    /// <returns>X of shape [2, 400] and Y of shape [1, 400].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seed"/> is negative (NumPy rejects it too).</exception>
    public static Dataset<T> Generate<T>(int seed = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        return Generate<T>(new NumPyRandom((uint)seed));
    }

    /// <summary>Draws a planar flower data set from <paramref name="random"/>.</summary>
    /// <param name="random">The random source; a <see cref="NumPyRandom"/> reproduces NumPy's draws.</param>
    /// <param name="examples">The number of examples m, even and at least 2; half belong to each class.</param>
    /// <param name="petals">The angular frequency k in r = a·sin(k·θ), which sets the number of petals (course: 4).</param>
    /// <param name="maxRadius">The amplitude a, the longest petal's length (course: 4).</param>
    /// <returns>X of shape [2, m] (row 0 = x1, row 1 = x2) and Y of shape [1, m] with labels 0 and 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="examples"/> is odd or below 2, or
    /// <paramref name="petals"/> or <paramref name="maxRadius"/> is not a positive finite number.</exception>
    public static Dataset<T> Generate<T>(IRandomSource random, int examples = 400, double petals = 4, double maxRadius = 4)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        if (examples < 2 || examples % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(examples), examples, "The number of examples must be even and at least 2 (half of them in each class).");
        if (!double.IsFinite(petals) || petals <= 0)
            throw new ArgumentOutOfRangeException(nameof(petals), petals, "The petal frequency must be a positive finite number.");
        if (!double.IsFinite(maxRadius) || maxRadius <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxRadius), maxRadius, "The maximum radius must be a positive finite number.");

        int perClass = examples / 2;
        var x = new Matrix<T>(2, examples);
        var y = new Matrix<T>(1, examples);
        Span<T> x1 = x.Row(0);
        Span<T> x2 = x.Row(1);
        Span<T> labels = y.Row(0);

        // All arithmetic is in double, in NumPy's operation order, so a NumPyRandom source reproduces
        // the course's float64 values; conversion to T happens only when storing.
        var theta = new double[perClass];
        var thetaNoise = new double[perClass];
        var radiusNoise = new double[perClass];
        for (int j = 0; j < 2; j++)
        {
            // The course draws all angle noise for a class before all radius noise.
            random.FillGaussian(thetaNoise);
            random.FillGaussian(radiusNoise);
            Linspace(j * AngleSpan, (j + 1) * AngleSpan, theta);

            int offset = j * perClass;
            T label = T.CreateTruncating(j);
            for (int i = 0; i < perClass; i++)
            {
                double t = theta[i] + thetaNoise[i] * NoiseScale;
                double r = maxRadius * Math.Sin(petals * t) + radiusNoise[i] * NoiseScale;
                x1[offset + i] = T.CreateTruncating(r * Math.Sin(t));
                x2[offset + i] = T.CreateTruncating(r * Math.Cos(t));
                labels[offset + i] = label;
            }
        }

        // Named after the notebook's colours: class 0 is drawn red, class 1 blue. A fresh array per
        // data set, so no caller can alter another's names through a cast.
        return new Dataset<T>(x, y, ["red", "blue"]);
    }

    /// <summary>
    /// NumPy's <c>linspace(start, stop, n)</c> with its rounding: i·step + start, where
    /// step = (stop − start)/(n − 1), and the last point set to exactly <paramref name="stop"/>.
    /// </summary>
    private static void Linspace(double start, double stop, Span<double> destination)
    {
        int n = destination.Length;
        if (n == 1)
        {
            destination[0] = start;
            return;
        }
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++)
            destination[i] = i * step + start;
        destination[n - 1] = stop;
    }
}
