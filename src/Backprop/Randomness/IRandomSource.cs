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

    /// <summary>
    /// Fills <paramref name="mask"/> with a dropout mask: 1 where a uniform draw is below <paramref name="keepProb"/>,
    /// else 0 (the course's <c>D = np.random.rand(n, m) &lt; keep_prob</c>, drawn in order).
    /// </summary>
    /// <remarks>
    /// The default draws one <see cref="NextDouble"/> per entry, exactly as NumPy does (so <see cref="NumPyRandom"/>
    /// reproduces the course's masks). <see cref="FastRandom"/> overrides it with a faster draw of its own.
    /// </remarks>
    /// <typeparam name="T">The element type of the mask.</typeparam>
    void FillMask<T>(Span<T> mask, double keepProb) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < mask.Length; i++)
            mask[i] = NextDouble() < keepProb ? T.One : T.Zero;
    }
}
