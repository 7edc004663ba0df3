using System.Globalization;
using System.Numerics.Tensors;
using Backprop.Randomness;

namespace Backprop.Data.Augmentation;

/// <summary>Adds independent Gaussian noise to every feature: image pixels or tabular columns alike.</summary>
/// <remarks>
/// Effectively computes x ← x + σ·z with z ~ N(0, 1) drawn afresh for every feature of every example.
/// Choose σ on the scale of the inputs: for standardized features (see <see cref="Normalizer"/>) σ is
/// a fraction of one standard deviation.
/// </remarks>
public sealed class GaussianNoise : IAugmentation
{
    /// <summary>Creates the step.</summary>
    /// <param name="stddev">σ, the noise's standard deviation; finite and ≥ 0 (0 makes the step a no-op that draws nothing).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stddev"/> is negative or not finite.</exception>
    public GaussianNoise(double stddev)
    {
        if (!(stddev >= 0) || double.IsPositiveInfinity(stddev))
            throw new ArgumentOutOfRangeException(nameof(stddev), stddev, "GaussianNoise: the standard deviation must be finite and ≥ 0.");
        StdDev = stddev;
    }

    /// <summary>σ, the noise's standard deviation.</summary>
    public double StdDev { get; }

    /// <inheritdoc/>
    public bool RequiresImage => false;

    /// <inheritdoc/>
    /// <remarks>Draws n_x standard normals per example, in feature order, unless σ = 0.</remarks>
    public void Apply(Span<double> example, ImageShape? shape, Span<double> scratch, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (shape is not null)
            ImageShape.Require(shape, example.Length, nameof(GaussianNoise));
        if (StdDev == 0)
            return;
        Span<double> noise = scratch[..example.Length];
        random.FillGaussian(noise);
        TensorPrimitives.MultiplyAdd(noise, StdDev, example, example);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"GaussianNoise(σ = {StdDev})");
}
