using Backprop.Tensors.Kernels;

namespace Backprop.Tests.Tensors;

public sealed class ParameterSplitTests
{
    [Theory]
    [InlineData(8_192)]
    [InlineData(8_193)]
    [InlineData(200_704)]
    [InlineData(100_003)]
    public void Two_parts_cover_a_large_parameter_once_and_meet_on_a_multiple_of_16_elements(int length)
    {
        var (s0, e0) = ParameterSplit.Range(length, 0, 2);
        var (s1, e1) = ParameterSplit.Range(length, 1, 2);
        Assert.Equal(0, s0);
        Assert.Equal(e0, s1);
        Assert.Equal(length, e1);
        Assert.Equal(0, e0 % 16);
        Assert.InRange(e0, length / 2 - 15, length / 2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8_191)]
    public void A_small_parameter_goes_whole_to_part_0(int length)
    {
        Assert.Equal((0, length), ParameterSplit.Range(length, 0, 2));
        var (s1, e1) = ParameterSplit.Range(length, 1, 2);
        Assert.Equal(s1, e1);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void Any_number_of_parts_covers_the_run_once_in_order(int parts)
    {
        int expected = 0;
        for (int part = 0; part < parts; part++)
        {
            var (start, end) = ParameterSplit.Range(100_003, part, parts);
            Assert.Equal(expected, start);
            Assert.True(end >= start);
            if (part < parts - 1)
                Assert.Equal(0, end % 16);
            expected = end;
        }
        Assert.Equal(100_003, expected);
    }

    [Fact]
    public void One_part_takes_everything()
        => Assert.Equal((0, 200_704), ParameterSplit.Range(200_704, 0, 1));
}
