using System.Buffers.Binary;

namespace Backprop.Randomness;

/// <summary>
/// NumPy's legacy <c>RandomState</c> (the Mersenne Twister MT19937 behind <c>np.random.seed</c>,
/// <c>np.random.randn</c>, <c>np.random.rand</c> and <c>np.random.permutation</c>), reproduced bit for bit.
/// </summary>
/// <remarks>
/// <para>Use this generator to reproduce the course's published numbers: its initial weights, shuffles
/// and synthetic data sets were all drawn from this stream, so the printed costs are only hit exactly
/// when the same draws arrive in the same order. For ordinary training prefer <see cref="FastRandom"/>.</para>
/// <para>Every method consumes the stream exactly as the corresponding legacy NumPy call does:
/// <see cref="NextDouble"/> uses two 32-bit outputs, <see cref="NextGaussian"/> returns the cached
/// second value of the polar method on every other call, and <see cref="NextInterval"/> rejects
/// masked draws. Instances are not thread-safe.</para>
/// </remarks>
public sealed class NumPyRandom : IRestorableRandom
{
    // MT19937 parameters from Matsumoto & Nishimura (1998).
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908B0DFu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7FFFFFFFu;

    private readonly uint[] _state = new uint[StateLength];
    private int _position;
    private PolarGaussian _gaussian;

    /// <summary>Creates a generator in the state <c>np.random.seed(<paramref name="seed"/>)</c> leaves.</summary>
    /// <param name="seed">The seed; NumPy accepts exactly the integers 0 … 2³²−1.</param>
    public NumPyRandom(uint seed) => Seed(seed);

    /// <summary>
    /// Re-initialises the generator as <c>np.random.seed(<paramref name="seed"/>)</c> does: the
    /// MT19937 state from the reference <c>init_genrand</c>, and no cached Gaussian.
    /// </summary>
    /// <param name="seed">The seed; NumPy accepts exactly the integers 0 … 2³²−1.</param>
    public void Seed(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < StateLength; i++)
        {
            uint previous = _state[i - 1];
            // Knuth's multiplier spreads the seed's bits; arithmetic wraps modulo 2^32 by design.
            _state[i] = unchecked(1812433253u * (previous ^ (previous >> 30)) + (uint)i);
        }
        // Forces a full twist before the first output, as the reference implementation does.
        _position = StateLength;
        // NumPy's seed() also discards the second value of a half-used Gaussian pair; without this a
        // reseeded generator would replay a stale draw and shift every later Gaussian.
        _gaussian.Reset();
    }

    /// <summary>Bytes of a saved state: kind, the 624 words, the position, the Gaussian cache.</summary>
    private const int StateBytes = 1 + StateLength * sizeof(uint) + sizeof(int) + PolarGaussian.StateBytes;

    /// <inheritdoc/>
    /// <remarks>
    /// Kind byte 2, the 624 MT19937 words and the position (0 … 624) little-endian, then the cached Gaussian:
    /// the same information as NumPy's <c>get_state()</c> tuple.
    /// </remarks>
    public byte[] SaveState()
    {
        var state = new byte[StateBytes];
        state[0] = RandomState.NumPyKind;
        for (int i = 0; i < StateLength; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(state.AsSpan(1 + 4 * i), _state[i]);
        BinaryPrimitives.WriteInt32LittleEndian(state.AsSpan(1 + 4 * StateLength), _position);
        _gaussian.Save(state.AsSpan(5 + 4 * StateLength));
        return state;
    }

    /// <inheritdoc/>
    public void RestoreState(ReadOnlySpan<byte> state)
    {
        RandomState.Check(state, RandomState.NumPyKind, StateBytes, nameof(NumPyRandom));
        int position = BinaryPrimitives.ReadInt32LittleEndian(state[(1 + 4 * StateLength)..]);
        if (position is < 0 or > StateLength)
            throw new ArgumentException($"Not a saved NumPyRandom state: position {position} is outside 0 … {StateLength}.", nameof(state));
        var gaussian = default(PolarGaussian);
        gaussian.Restore(state[(5 + 4 * StateLength)..]);
        for (int i = 0; i < StateLength; i++)
            _state[i] = BinaryPrimitives.ReadUInt32LittleEndian(state[(1 + 4 * i)..]);
        (_position, _gaussian) = (position, gaussian);
    }

    /// <inheritdoc/>
    public uint NextUInt32()
    {
        if (_position >= StateLength)
            Twist();
        uint y = _state[_position++];
        // Tempering improves equidistribution of the raw state words.
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    /// <inheritdoc/>
    /// <remarks>NumPy's <c>random_sample</c>: 27 bits from the first output and 26 from the second.</remarks>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        // 67108864 = 2^26 and 9007199254740992 = 2^53; every step is exact in double precision.
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// NumPy's legacy <c>gauss</c>: the Marsaglia polar method. Each accepted pair yields two normals;
    /// the one from the second coordinate is returned and the other cached for the next call.
    /// </remarks>
    public double NextGaussian() => _gaussian.Next(this);

    /// <inheritdoc/>
    /// <remarks>
    /// NumPy's legacy <c>random_interval</c>: draws 32 bits, masks them to the smallest all-ones value
    /// covering <paramref name="maxInclusive"/>, and retries while the result is too large. Zero
    /// consumes no draw, as in NumPy.
    /// </remarks>
    public uint NextInterval(uint maxInclusive)
    {
        if (maxInclusive == 0)
            return 0;

        uint mask = maxInclusive;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;

        uint value;
        do
        {
            value = NextUInt32() & mask;
        }
        while (value > maxInclusive);
        return value;
    }

    /// <summary>Regenerates all 624 state words at once (the MT19937 recurrence).</summary>
    /// <remarks>
    /// Split at the two wrap-around points so no index needs a modulo, and the twist-matrix XOR is
    /// applied through a mask: the lowest bit is random, so a branch on it would mispredict half the
    /// time. The course's reseeded shuffles twist once per epoch, which made this loop a visible part
    /// of tiny training steps. The words produced are exactly the reference recurrence's.
    /// </remarks>
    private void Twist()
    {
        Span<uint> mt = _state;
        int i = 0;
        for (; i < StateLength - Shift; i++)
            mt[i] = Mix(mt[i], mt[i + 1], mt[i + Shift]);
        for (; i < StateLength - 1; i++)
            mt[i] = Mix(mt[i], mt[i + 1], mt[i + Shift - StateLength]);
        mt[StateLength - 1] = Mix(mt[StateLength - 1], mt[0], mt[Shift - 1]);
        _position = 0;
    }

    /// <summary>One step of the recurrence: the upper bit of <paramref name="current"/>, the lower 31 of <paramref name="next"/>, times A, XOR the word M ahead.</summary>
    private static uint Mix(uint current, uint next, uint ahead)
    {
        uint y = (current & UpperMask) | (next & LowerMask);
        // Multiplying by the twist matrix A is a conditional XOR on the lowest bit.
        return ahead ^ (y >> 1) ^ (MatrixA & (0u - (y & 1u)));
    }
}
