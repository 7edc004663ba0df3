namespace Backprop.Randomness;

/// <summary>
/// The Marsaglia polar method with its second value cached, as NumPy's legacy <c>gauss</c> computes
/// it: draw x1, x2 uniform in (−1, 1) until 0 &lt; r² = x1² + x2² &lt; 1, then f = √(−2 ln r² / r²);
/// return f·x2 and keep f·x1 for the next call. Shared by both generators; the operation order is
/// NumPy's, so rounding (and therefore every bit) agrees with it.
/// </summary>
internal struct PolarGaussian
{
    private double _cached;
    private bool _hasCached;

    /// <summary>Forgets the cached value (reseeding must, as NumPy's <c>seed</c> does).</summary>
    public void Reset()
    {
        _hasCached = false;
        _cached = 0.0;
    }

    /// <summary>Bytes <see cref="Save"/> writes: the cached flag and the cached value.</summary>
    public const int StateBytes = 9;

    /// <summary>Writes the cache (flag byte, then the value's IEEE bits little-endian) into <paramref name="destination"/>.</summary>
    public readonly void Save(Span<byte> destination)
    {
        destination[0] = _hasCached ? (byte)1 : (byte)0;
        System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(destination[1..], _cached);
    }

    /// <summary>Reads a cache written by <see cref="Save"/>.</summary>
    public void Restore(ReadOnlySpan<byte> source)
    {
        if (source[0] > 1)
            throw new ArgumentException($"A saved Gaussian cache flag must be 0 or 1, not {source[0]}.", nameof(source));
        _hasCached = source[0] == 1;
        _cached = System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(source[1..]);
    }

    /// <summary>The next standard normal draw, using <paramref name="source"/> for uniforms.</summary>
    public double Next(IRandomSource source)
    {
        if (_hasCached)
        {
            _hasCached = false;
            return _cached;
        }

        double x1, x2, r2;
        do
        {
            x1 = 2.0 * source.NextDouble() - 1.0;
            x2 = 2.0 * source.NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        }
        while (r2 >= 1.0 || r2 == 0.0);

        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _cached = f * x1;
        _hasCached = true;
        return f * x2;
    }
}
