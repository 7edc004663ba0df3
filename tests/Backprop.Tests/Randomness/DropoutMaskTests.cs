using Backprop.Randomness;

namespace Backprop.Tests.Randomness;

public class DropoutMaskTests
{
    [Fact]
    public void Fast_masks_compare_each_32_bit_half_with_the_ceiling_of_keep_prob_times_2_to_the_32()
    {
        var random = new FastRandom(5);
        var reference = new FastRandom(5);
        var mask = new float[1001]; // odd: the last output's high half is unused
        random.FillMask<float>(mask, 0.8);

        ulong threshold = (ulong)Math.Ceiling(0.8 * 4294967296.0);
        for (int i = 0; i < mask.Length; i += 2)
        {
            ulong bits = reference.NextUInt64();
            Assert.Equal((bits & 0xFFFFFFFF) < threshold ? 1f : 0f, mask[i]);
            if (i + 1 < mask.Length)
                Assert.Equal((bits >> 32) < threshold ? 1f : 0f, mask[i + 1]);
        }
        // Both generators are now at the same place in their streams.
        Assert.Equal(reference.NextUInt64(), random.NextUInt64());
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
