using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Randomness;

/// <summary>
/// <see cref="FastRandom"/>'s dropout masks: eight xoshiro256** streams run side by side, so a vector register
/// advances several of them at once.
/// </summary>
/// <remarks>
/// <para>The streams are defined independently of the vector width: stream l's k-th 64-bit output gives mask
/// entries 16k + 2l (low half) and 16k + 2l + 1 (high half). With 256-bit vectors (AVX2 and AVX-512 machines
/// alike) two registers advance four streams each; otherwise the scalar path runs them one at a time. Both write
/// the same mask, so a seed gives the same masks on every machine. Why not 512-bit registers: the draw is then
/// already a small part of a dropout layer's time (the mask and the output are written to memory anyway), and
/// one vector path is one to test.</para>
/// <para>Each call seeds the eight streams from one 64-bit draw of the caller's generator, expanded by SplitMix64
/// (whose successive outputs are never all zero, as xoshiro's state must not be), so the caller's generator
/// advances by exactly one draw per mask and its state stays the 256 bits a checkpoint saves.</para>
/// <para>Entry i is 1 when its 32-bit half u satisfies u &lt; ⌈keep_prob·2³²⌉, which is exactly u / 2³² &lt; keep_prob.</para>
/// </remarks>
internal static class MaskStreams
{
    /// <summary>Number of streams.</summary>
    public const int Streams = 8;

    /// <summary>Fills <paramref name="mask"/> from streams seeded by <paramref name="seed"/>.</summary>
    public static void Fill<T>(Span<T> mask, double keepProb, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ulong threshold = keepProb <= 0 ? 0 : keepProb >= 1 ? 1UL << 32 : (ulong)Math.Ceiling(keepProb * 4294967296.0);
        // Word j of stream l at [j * Streams + l]: the layout of four vectors of eight lanes.
        Span<ulong> state = stackalloc ulong[4 * Streams];
        for (int l = 0; l < Streams; l++)
            for (int j = 0; j < 4; j++)
                state[j * Streams + l] = FastRandom.SplitMix64(ref seed);

        int done = 0;
        if (typeof(T) == typeof(float) && threshold < 1UL << 32)
        {
            if (Vector256.IsHardwareAccelerated)
                done = Vector256Path(MemoryMarshal.Cast<T, float>(mask), (uint)threshold, state);
        }
        ScalarPath(mask[done..], threshold, state);
    }

    /// <summary>Whole blocks of 16 entries, streams 0–3 in one register and 4–7 in another.</summary>
    private static int Vector256Path(Span<float> mask, uint threshold, Span<ulong> state)
    {
        ref ulong s = ref MemoryMarshal.GetReference(state);
        var limit = Vector256.Create(threshold);
        var one = Vector256.Create(1f);
        ref float m = ref MemoryMarshal.GetReference(mask);
        int blocks = mask.Length / (2 * Streams);
        for (int half = 0; half < 2; half++)
        {
            nuint lane = (nuint)(4 * half);
            var s0 = Vector256.LoadUnsafe(ref s, lane);
            var s1 = Vector256.LoadUnsafe(ref s, Streams + lane);
            var s2 = Vector256.LoadUnsafe(ref s, 2 * Streams + lane);
            var s3 = Vector256.LoadUnsafe(ref s, 3 * Streams + lane);
            for (int b = 0; b < blocks; b++)
            {
                var x = (s1 << 2) + s1;
                x = (x << 7) | (x >>> 57);
                var result = (x << 3) + x;
                var t = s1 << 17;
                s2 ^= s0;
                s3 ^= s1;
                s1 ^= s2;
                s0 ^= s3;
                s2 ^= t;
                s3 = (s3 << 45) | (s3 >>> 19);
                var kept = Vector256.LessThan(result.AsUInt32(), limit);
                (kept.AsSingle() & one).StoreUnsafe(ref m, (nuint)(b * 2 * Streams) + 2 * lane);
            }
            s0.StoreUnsafe(ref s, lane);
            s1.StoreUnsafe(ref s, Streams + lane);
            s2.StoreUnsafe(ref s, 2 * Streams + lane);
            s3.StoreUnsafe(ref s, 3 * Streams + lane);
        }
        return blocks * 2 * Streams;
    }

    /// <summary>The definition, one stream after another within each block of 16 entries; also the tail.</summary>
    private static void ScalarPath<T>(Span<T> mask, ulong threshold, Span<ulong> state) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        while (i < mask.Length)
        {
            for (int l = 0; l < Streams && i < mask.Length; l++)
            {
                ulong result = FastRandom.Step(ref state[l], ref state[Streams + l], ref state[2 * Streams + l], ref state[3 * Streams + l]);
                mask[i++] = (result & 0xFFFF_FFFFUL) < threshold ? T.One : T.Zero;
                if (i < mask.Length)
                    mask[i++] = (result >> 32) < threshold ? T.One : T.Zero;
            }
        }
    }
}
