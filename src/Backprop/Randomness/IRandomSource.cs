namespace Backprop.Randomness;

/// <summary>
/// A seedable source of random numbers. Everything random in Backprop (initial weights, shuffles,
/// dropout masks, generated data sets) draws through this interface, so a run is reproduced bit for
/// bit by its seed.
/// </summary>
/// <remarks>
/// Two implementations ship: <see cref="NumPyRandom"/>, which reproduces NumPy's legacy <c>RandomState</c>
/// stream exactly (what the course's published numbers were computed with), and <see cref="FastRandom"/>,
/// a faster default for ordinary training.
/// </remarks>
public interface IRandomSource
{
    /// <summary>The next 32 random bits.</summary>
    uint NextUInt32();

    /// <summary>A uniform double in [0, 1) with 53 random bits (NumPy's <c>rand</c>/<c>random_sample</c>).</summary>
    double NextDouble();

    /// <summary>A standard normal draw, mean 0 and variance 1 (NumPy's <c>randn</c>).</summary>
    double NextGaussian();

    /// <summary>An integer uniform in [0, <paramref name="maxInclusive"/>], without modulo bias.</summary>
    uint NextInterval(uint maxInclusive);
}
