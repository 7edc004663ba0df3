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

    /// <summary>Whole blocks of 16 entries, streams 0–3 in one set of registers and 4–7 in another.</summary>
    private static int Vector256Path(Span<float> mask, uint threshold, Span<ulong> state)
    {
        ref ulong s = ref MemoryMarshal.GetReference(state);
        var limit = Vector256.Create(threshold);
        var one = Vector256.Create(1f);
        ref float m = ref MemoryMarshal.GetReference(mask);
        // Both halves advance in the same loop: each step depends on the last through the state, so two
        // independent chains keep the vector units busy where one would wait on its own latency.
        var a0 = Vector256.LoadUnsafe(ref s, 0);
        var a1 = Vector256.LoadUnsafe(ref s, Streams);
        var a2 = Vector256.LoadUnsafe(ref s, 2 * Streams);
        var a3 = Vector256.LoadUnsafe(ref s, 3 * Streams);
        var b0 = Vector256.LoadUnsafe(ref s, 4);
        var b1 = Vector256.LoadUnsafe(ref s, Streams + 4);
        var b2 = Vector256.LoadUnsafe(ref s, 2 * Streams + 4);
        var b3 = Vector256.LoadUnsafe(ref s, 3 * Streams + 4);
        int i = 0;
        for (; i <= mask.Length - 2 * Streams; i += 2 * Streams)
        {
            var low = Step(ref a0, ref a1, ref a2, ref a3);
            var high = Step(ref b0, ref b1, ref b2, ref b3);
            (Vector256.LessThan(low.AsUInt32(), limit).AsSingle() & one).StoreUnsafe(ref m, (nuint)i);
            (Vector256.LessThan(high.AsUInt32(), limit).AsSingle() & one).StoreUnsafe(ref m, (nuint)i + 8);
        }
        a0.StoreUnsafe(ref s, 0);
        a1.StoreUnsafe(ref s, Streams);
        a2.StoreUnsafe(ref s, 2 * Streams);
        a3.StoreUnsafe(ref s, 3 * Streams);
        b0.StoreUnsafe(ref s, 4);
        b1.StoreUnsafe(ref s, Streams + 4);
        b2.StoreUnsafe(ref s, 2 * Streams + 4);
        b3.StoreUnsafe(ref s, 3 * Streams + 4);
        return i;
    }

    /// <summary>xoshiro256** on four streams at once: rotl(s1·5, 7)·9, with ·5 and ·9 as shift-and-add.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Step(ref Vector256<ulong> s0, ref Vector256<ulong> s1, ref Vector256<ulong> s2, ref Vector256<ulong> s3)
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
        return result;
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
