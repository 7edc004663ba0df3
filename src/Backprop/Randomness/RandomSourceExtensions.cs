namespace Backprop.Randomness;

/// <summary>Bulk draws built on <see cref="IRandomSource"/>, in the order NumPy makes them.</summary>
public static class RandomSourceExtensions
{
    /// <summary>Fills <paramref name="destination"/> with standard normal draws, in order (NumPy's <c>randn(n)</c>).</summary>
    public static void FillGaussian(this IRandomSource random, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = random.NextGaussian();
    }

    /// <summary>Fills <paramref name="destination"/> with uniform draws in [0, 1), in order (NumPy's <c>rand(n)</c>).</summary>
    public static void FillUniform(this IRandomSource random, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = random.NextDouble();
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with a random permutation of 0 … n−1, where n is its length
    /// (NumPy's legacy <c>permutation(n)</c>: the identity shuffled by Fisher–Yates from the last element down,
    /// swapping element i with a uniform j in [0, i]).
    /// </summary>
    public static void Permutation(this IRandomSource random, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = i;
        for (int i = destination.Length - 1; i > 0; i--)
        {
            int j = (int)random.NextInterval((uint)i);
            (destination[i], destination[j]) = (destination[j], destination[i]);
        }
    }
}
