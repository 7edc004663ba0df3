using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop.Randomness;

/// <summary>
/// The default random source for ordinary training: xoshiro256** (Blackman &amp; Vigna), seeded from a
/// 64-bit value through SplitMix64.
/// </summary>
/// <remarks>
/// <para>It is fast, has a 2²⁵⁶−1 period and passes the standard statistical batteries, and a run is
/// reproduced exactly by its seed. It does <em>not</em> produce NumPy's numbers; use
/// <see cref="NumPyRandom"/> when the course's published results must be reproduced digit for digit.</para>
/// <para>Instances are not thread-safe; give each thread its own generator.</para>
/// </remarks>
public sealed class FastRandom : IRestorableRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private PolarGaussian _gaussian;

    /// <summary>Creates a generator whose whole stream is determined by <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit value; nearby seeds give unrelated streams.</param>
    public FastRandom(ulong seed) => Seed(seed);

    /// <summary>Restarts the stream from <paramref name="seed"/> and discards any cached Gaussian.</summary>
    /// <param name="seed">Any 64-bit value; nearby seeds give unrelated streams.</param>
    public void Seed(ulong seed)
    {
        // SplitMix64 expands the seed because xoshiro needs a well-mixed, not-all-zero 256-bit state;
        // SplitMix64's outputs are a bijection of its counter, so four consecutive ones are never all zero.
        ulong sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
        _gaussian.Reset();
    }

    /// <summary>Bytes of a saved state: kind, the four state words, the Gaussian cache.</summary>
    private const int StateBytes = 1 + 4 * sizeof(ulong) + PolarGaussian.StateBytes;

    /// <inheritdoc/>
    /// <remarks>Kind byte 1, s0 … s3 little-endian, then the cached Gaussian (flag and value): 42 bytes.</remarks>
    public byte[] SaveState()
    {
        var state = new byte[StateBytes];
        state[0] = RandomState.FastKind;
        BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(1), _s0);
        BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(9), _s1);
        BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(17), _s2);
        BinaryPrimitives.WriteUInt64LittleEndian(state.AsSpan(25), _s3);
        _gaussian.Save(state.AsSpan(33));
        return state;
    }

    /// <inheritdoc/>
    public void RestoreState(ReadOnlySpan<byte> state)
    {
        RandomState.Check(state, RandomState.FastKind, StateBytes, nameof(FastRandom));
        ulong s0 = BinaryPrimitives.ReadUInt64LittleEndian(state[1..]), s1 = BinaryPrimitives.ReadUInt64LittleEndian(state[9..]);
        ulong s2 = BinaryPrimitives.ReadUInt64LittleEndian(state[17..]), s3 = BinaryPrimitives.ReadUInt64LittleEndian(state[25..]);
        // xoshiro's all-zero state is a fixed point that would emit zeros forever; Seed never produces it.
        if ((s0 | s1 | s2 | s3) == 0)
            throw new ArgumentException("Not a saved FastRandom state: the four state words are all zero.", nameof(state));
        var gaussian = default(PolarGaussian);
        gaussian.Restore(state[33..]);
        (_s0, _s1, _s2, _s3, _gaussian) = (s0, s1, s2, s3, gaussian);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64() => Step(ref _s0, ref _s1, ref _s2, ref _s3);

    /// <summary>One xoshiro256** step: the output for the state (s0, s1, s2, s3), which it then advances.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        // The generator is defined modulo 2^64, so the multiplications wrap on purpose.
        ulong result = unchecked(BitOperations.RotateLeft(s1 * 5, 7) * 9);
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <inheritdoc/>
    /// <remarks>The upper half of <see cref="NextUInt64"/>, the half with the best statistical quality.</remarks>
    public uint NextUInt32() => (uint)(NextUInt64() >> 32);

    /// <inheritdoc/>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <inheritdoc/>
    /// <remarks>The Marsaglia polar method; the second normal of each accepted pair is cached.</remarks>
    public double NextGaussian() => _gaussian.Next(this);

    /// <inheritdoc/>
    /// <remarks>
    /// Lemire's multiply-and-reject method: the high half of a 32×32-bit product is uniform once the
    /// few low halves that would over-represent some results are rejected, and the rejection test
    /// needs a division only in the rare case the low half is small.
    /// </remarks>
    public uint NextInterval(uint maxInclusive)
    {
        if (maxInclusive == uint.MaxValue)
            return NextUInt32();

        uint range = maxInclusive + 1;
        ulong product = (ulong)NextUInt32() * range;
        uint low = (uint)product;
        if (low < range)
        {
            // 2^32 mod range: the number of low halves to reject so every result has equal weight.
            uint threshold = unchecked(0u - range) % range;
            while (low < threshold)
            {
                product = (ulong)NextUInt32() * range;
                low = (uint)product;
            }
        }
        return (uint)(product >> 32);
    }

    /// <summary>
    /// Fills <paramref name="mask"/> with a dropout mask, 1 with probability <paramref name="keepProb"/> (to within
    /// 2⁻³²) and 0 otherwise, from eight xoshiro256** streams seeded by one draw of this generator.
    /// </summary>
    /// <remarks>
    /// Why not one <see cref="NextDouble"/> per entry: a mask entry needs far fewer than 53 bits, and drawing them
    /// one by one through the interface cost ~5 ns per entry, 0.7 ms for one 512 × 256 mask. The eight streams run
    /// in vector registers and give the same mask whatever the vector width (see <see cref="MaskStreams"/>).
    /// </remarks>
    /// <typeparam name="T">The element type of the mask.</typeparam>
    public void FillMask<T>(Span<T> mask, double keepProb) where T : unmanaged, IFloatingPointIeee754<T>
        => MaskStreams.Fill(mask, keepProb, NextUInt64());

    internal static ulong SplitMix64(ref ulong state)
    {
        // Also arithmetic modulo 2^64 by definition.
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
