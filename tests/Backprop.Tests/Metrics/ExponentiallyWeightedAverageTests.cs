using Backprop.Metrics;

namespace Backprop.Tests.Metrics;

public class ExponentiallyWeightedAverageTests
{
    // Expected doubles below are what IEEE arithmetic gives for the formula as written (1 − 0.9 is
    // 0.09999999999999998, so v₁ is not exactly 0.1); each is also checked against the decimal hand value.

    [Fact]
    public void Without_bias_correction_beta_09_on_1_2_3_gives_01_029_0561()
    {
        var average = new ExponentiallyWeightedAverage(0.9, biasCorrection: false);
        Assert.Equal(0.09999999999999998, average.Add(1));
        Assert.Equal(0.2899999999999999, average.Add(2));
        Assert.Equal(0.5609999999999999, average.Add(3));
        Assert.Equal(0.561, average.Value, 1e-15);
        Assert.Equal(average.Value, average.UncorrectedValue);
        Assert.Equal(3, average.Count);
    }

    [Fact]
    public void With_bias_correction_beta_09_on_1_2_3_divides_by_1_minus_beta_to_the_t()
    {
        var average = new ExponentiallyWeightedAverage(0.9);
        double v1 = average.Add(1), v2 = average.Add(2), v3 = average.Add(3);
        Assert.Equal(1.0, v1);
        Assert.Equal(1.5263157894736843, v2);
        Assert.Equal(2.0701107011070117, v3);
        // Hand values: 0.1 / 0.1, 0.29 / 0.19 and 0.561 / 0.271.
        Assert.Equal(0.29 / 0.19, v2, 1e-15);
        Assert.Equal(0.561 / 0.271, v3, 1e-15);
        Assert.Equal(v3, average.Value);
        Assert.Equal(0.5609999999999999, average.UncorrectedValue);
    }

    [Fact]
    public void Bias_correction_makes_a_constant_series_average_to_the_constant_from_the_start()
    {
        var corrected = new ExponentiallyWeightedAverage(0.98);
        var raw = new ExponentiallyWeightedAverage(0.98, biasCorrection: false);
        for (int t = 1; t <= 200; t++)
        {
            Assert.Equal(5.0, corrected.Add(5), 1e-12);
            double v = raw.Add(5);
            Assert.Equal(5 * (1 - Math.Pow(0.98, t)), v, 1e-12);
        }
    }

    [Fact]
    public void It_averages_over_roughly_1_over_1_minus_beta_values()
    {
        // After a step from 0 to 1, about 1/(1−β) = 10 values bring the raw average to 1 − 1/e.
        var average = new ExponentiallyWeightedAverage(0.9, biasCorrection: false);
        double value = 0;
        for (int t = 0; t < 10; t++)
            value = average.Add(1);
        Assert.Equal(1 - 1 / Math.E, value, 0.03);
    }

    [Fact]
    public void Beta_0_keeps_only_the_latest_value()
    {
        var average = new ExponentiallyWeightedAverage(0);
        average.Add(4);
        Assert.Equal(-2.5, average.Add(-2.5));
    }

    [Fact]
    public void An_empty_average_is_0_and_Reset_empties_it()
    {
        var average = new ExponentiallyWeightedAverage(0.9);
        Assert.Equal(0, average.Value);
        Assert.Equal(0, average.Count);
        average.Add(7);
        average.Add(8);
        average.Reset();
        Assert.Equal(0, average.Value);
        Assert.Equal(0, average.Count);
        Assert.Equal(1.0, average.Add(1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Smooth_returns_the_running_average_after_each_value(bool biasCorrection)
    {
        double[] values = [1, 2, 3, 10, -4, 0.5];
        var average = new ExponentiallyWeightedAverage(0.8, biasCorrection);
        double[] expected = values.Select(average.Add).ToArray();
        Assert.Equal(expected, ExponentiallyWeightedAverage.Smooth(values, 0.8, biasCorrection));
        Assert.Equal(expected, ExponentiallyWeightedAverage.Smooth(values.Where(_ => true), 0.8, biasCorrection));
    }

    [Fact]
    public void Smooth_of_the_course_example_and_of_an_empty_series()
    {
        Assert.Equal([1.0, 1.5263157894736843, 2.0701107011070117], ExponentiallyWeightedAverage.Smooth([1, 2, 3], 0.9));
        Assert.Equal([0.09999999999999998, 0.2899999999999999, 0.5609999999999999],
            ExponentiallyWeightedAverage.Smooth([1, 2, 3], 0.9, biasCorrection: false));
        Assert.Empty(ExponentiallyWeightedAverage.Smooth([], 0.9));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Beta_outside_0_to_1_is_rejected_naming_it(double beta)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentiallyWeightedAverage(beta));
        Assert.Equal("beta", ex.ParamName);
        Assert.Equal(beta, ex.ActualValue);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => ExponentiallyWeightedAverage.Smooth([1.0], beta)).ParamName);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_value_is_rejected_and_leaves_the_average_unchanged(double bad)
    {
        var average = new ExponentiallyWeightedAverage(0.9);
        average.Add(2);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => average.Add(bad));
        Assert.Equal("value", ex.ParamName);
        Assert.Contains("Value 2", ex.Message);
        Assert.Equal(1, average.Count);
        Assert.Equal(2.0, average.Value, 1e-15);
    }

    [Fact]
    public void Smooth_rejects_null() =>
        Assert.Equal("values", Assert.Throws<ArgumentNullException>(() => ExponentiallyWeightedAverage.Smooth(null!, 0.9)).ParamName);

    [Fact]
    public void ToString_shows_beta_the_count_and_the_value()
    {
        var average = new ExponentiallyWeightedAverage(0.9);
        average.Add(1);
        Assert.Equal("ExponentiallyWeightedAverage(β=0.9, bias-corrected, t=1, value=1)", average.ToString());
    }
}
