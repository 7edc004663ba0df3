using Backprop.Randomness;

namespace Backprop.Tests.Randomness;

public class DropoutMaskTests
{
    /// <summary>The definition, written out: eight xoshiro256** streams seeded from one draw by SplitMix64.</summary>
    private static float[] ReferenceMask(ulong draw, int length, double keepProb)
    {
        static ulong SplitMix(ref ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            ulong z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
        var s = new ulong[8, 4];
        for (int l = 0; l < 8; l++)
            for (int j = 0; j < 4; j++)
                s[l, j] = SplitMix(ref draw);
        ulong threshold = (ulong)Math.Ceiling(keepProb * 4294967296.0);
        var mask = new float[length];
        for (int block = 0; 16 * block < length; block++)
            for (int l = 0; l < 8; l++)
            {
                ulong result = ulong.RotateLeft(s[l, 1] * 5, 7) * 9;
                ulong t = s[l, 1] << 17;
                s[l, 2] ^= s[l, 0];
                s[l, 3] ^= s[l, 1];
                s[l, 1] ^= s[l, 2];
                s[l, 0] ^= s[l, 3];
                s[l, 2] ^= t;
                s[l, 3] = ulong.RotateLeft(s[l, 3], 45);
                int i = 16 * block + 2 * l;
                if (i < length) mask[i] = (result & 0xFFFFFFFF) < threshold ? 1 : 0;
                if (i + 1 < length) mask[i + 1] = (result >> 32) < threshold ? 1 : 0;
            }
        return mask;
    }

    [Theory]
    [InlineData(1001)] // blocks of 16 and a tail
    [InlineData(16)]
    [InlineData(5)]
    public void Fast_masks_are_eight_xoshiro_streams_seeded_from_one_draw(int length)
    {
        var random = new FastRandom(5);
        var mask = new float[length];
        random.FillMask<float>(mask, 0.8);

        var reference = new FastRandom(5);
        Assert.Equal(ReferenceMask(reference.NextUInt64(), length, 0.8), mask);
        // One draw per mask: both generators are at the same place in their streams.
        Assert.Equal(reference.NextUInt64(), random.NextUInt64());

        var doubles = new double[length];
        new FastRandom(5).FillMask<double>(doubles, 0.8);
        Assert.Equal(mask.Select(v => (double)v), doubles);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.5)]
    [InlineData(0.05)]
    public void Fast_masks_keep_keep_prob_of_the_units(double keepProb)
    {
        var mask = new double[200_000];
        new FastRandom(11).FillMask<double>(mask, keepProb);
        double kept = mask.Sum() / mask.Length;
        // Five standard deviations of a binomial proportion.
        Assert.InRange(kept, keepProb - 5 * Math.Sqrt(keepProb * (1 - keepProb) / mask.Length), keepProb + 5 * Math.Sqrt(keepProb * (1 - keepProb) / mask.Length));
        Assert.All(mask, d => Assert.True(d is 0 or 1));
    }

    [Fact]
    public void NumPy_masks_are_rand_less_than_keep_prob_one_double_per_entry()
    {
        IRandomSource random = new NumPyRandom(1);
        var reference = new NumPyRandom(1);
        var mask = new double[257];
        random.FillMask<double>(mask, 0.7);
        for (int i = 0; i < mask.Length; i++)
            Assert.Equal(reference.NextDouble() < 0.7 ? 1.0 : 0.0, mask[i]);
    }
}
