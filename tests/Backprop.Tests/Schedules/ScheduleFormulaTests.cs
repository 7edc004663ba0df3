using Backprop.Schedules;

namespace Backprop.Tests.Schedules;

public class ScheduleFormulaTests
{
    // Inputs are chosen so the arithmetic is exact in binary (powers of two, small integers), which lets
    // the expected values be literals compared for exact equality; the rest use a relative tolerance.

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1_000_000)]
    public void Constant_returns_the_initial_rate_at_every_epoch(int epoch) =>
        Assert.Equal(0.0075, new Constant().RateAt(epoch, 0.0075));

    [Theory]
    [InlineData(1.0, 0, 0.5)]
    [InlineData(1.0, 1, 0.25)]
    [InlineData(1.0, 3, 0.125)]
    [InlineData(1.0, 7, 0.0625)]
    [InlineData(0.5, 2, 0.25)]
    [InlineData(0.5, 6, 0.125)]
    [InlineData(0.0, 500, 0.5)]
    public void InverseTimeDecay_is_alpha0_over_1_plus_decay_rate_times_epoch(double decayRate, int epoch, double expected) =>
        Assert.Equal(expected, new InverseTimeDecay(decayRate).RateAt(epoch, 0.5));

    [Theory]
    [InlineData(0.5, 0, 1.0)]
    [InlineData(0.5, 1, 0.5)]
    [InlineData(0.5, 2, 0.25)]
    [InlineData(0.5, 10, 0.0009765625)]
    [InlineData(1.0, 1000, 1.0)]
    public void ExponentialDecay_is_k_to_the_epoch_times_alpha0(double k, int epoch, double expected) =>
        Assert.Equal(expected, new ExponentialDecay(k).RateAt(epoch, 1.0));

    [Fact]
    public void ExponentialDecay_with_the_lectures_k_falls_by_five_percent_per_epoch()
    {
        var schedule = new ExponentialDecay(0.95);
        Assert.Equal(0.2, schedule.RateAt(0, 0.2));
        Assert.Equal(0.19, schedule.RateAt(1, 0.2), 1e-15);
        Assert.Equal(0.1805, schedule.RateAt(2, 0.2), 1e-15);
        Assert.Equal(0.2 * 0.5987369392383787, schedule.RateAt(10, 0.2), 1e-15);
    }

    [Theory]
    [InlineData(1.0, 0, 0.5)]
    [InlineData(1.0, 3, 0.25)]
    [InlineData(1.0, 15, 0.125)]
    [InlineData(2.0, 0, 1.0)]
    [InlineData(2.0, 3, 0.5)]
    [InlineData(0.5, 63, 0.03125)]
    public void InverseSqrtDecay_is_k_over_root_of_the_1_based_epoch_times_alpha0(double k, int epoch, double expected) =>
        Assert.Equal(expected, new InverseSqrtDecay(k).RateAt(epoch, 0.5));

    [Fact]
    public void InverseSqrtDecay_maps_the_lectures_epoch_num_to_epoch_plus_1()
    {
        // Lecture: α = k/√epoch_num · α₀ with epoch_num = 1, 2, …; our epoch 1 is its epoch_num 2.
        Assert.Equal(0.5 / Math.Sqrt(2), new InverseSqrtDecay().RateAt(1, 0.5), 1e-16);
        Assert.Equal(1.0 / Math.Sqrt(10), new InverseSqrtDecay().RateAt(9, 1.0), 1e-16);
    }

    [Theory]
    [InlineData(0, 0.8)]
    [InlineData(9, 0.8)]
    [InlineData(10, 0.4)]
    [InlineData(19, 0.4)]
    [InlineData(20, 0.2)]
    [InlineData(35, 0.1)]
    public void StaircaseDecay_multiplies_by_the_factor_once_per_step(int epoch, double expected) =>
        Assert.Equal(expected, new StaircaseDecay(0.5, 10).RateAt(epoch, 0.8));

    [Fact]
    public void StaircaseDecay_with_step_1_is_exponential_decay()
    {
        var staircase = new StaircaseDecay(0.9, 1);
        var exponential = new ExponentialDecay(0.9);
        for (int epoch = 0; epoch < 50; epoch++)
            Assert.Equal(exponential.RateAt(epoch, 0.3), staircase.RateAt(epoch, 0.3));
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(999, 0.5)]
    [InlineData(1000, 0.25)]
    [InlineData(1999, 0.25)]
    [InlineData(3000, 0.125)]
    [InlineData(7999, 0.0625)]
    public void FixedIntervalDecay_is_inverse_time_decay_of_the_interval_count(int epoch, double expected) =>
        Assert.Equal(expected, new FixedIntervalDecay(1, 1000).RateAt(epoch, 0.5));

    [Fact]
    public void FixedIntervalDecay_with_interval_1_is_inverse_time_decay()
    {
        var stepped = new FixedIntervalDecay(0.3, 1);
        var smooth = new InverseTimeDecay(0.3);
        for (int epoch = 0; epoch < 50; epoch++)
            Assert.Equal(smooth.RateAt(epoch, 0.1), stepped.RateAt(epoch, 0.1));
    }

    [Fact]
    public void AfterEpochUpdate_trains_epoch_0_with_alpha0_then_lags_the_inner_schedule_by_one()
    {
        var inner = new InverseTimeDecay(1);
        var lagged = new AfterEpochUpdate(inner);
        Assert.Equal(0.5, lagged.RateAt(0, 0.5));
        for (int epoch = 1; epoch < 20; epoch++)
            Assert.Equal(inner.RateAt(epoch - 1, 0.5), lagged.RateAt(epoch, 0.5));
    }

    [Fact]
    public void Names_show_the_hyperparameters_and_ToString_returns_them()
    {
        Assert.Equal("Constant", new Constant().Name);
        Assert.Equal("InverseTimeDecay(decayRate=1)", new InverseTimeDecay(1).Name);
        Assert.Equal("ExponentialDecay(k=0.95)", new ExponentialDecay(0.95).ToString());
        Assert.Equal("InverseSqrtDecay(k=1)", new InverseSqrtDecay().Name);
        Assert.Equal("StaircaseDecay(factor=0.5, stepEpochs=10)", new StaircaseDecay(0.5, 10).Name);
        Assert.Equal("FixedIntervalDecay(decayRate=0.3, timeInterval=100)", new FixedIntervalDecay(0.3, 100).Name);
        Assert.Equal("AfterEpochUpdate(FixedIntervalDecay(decayRate=1, timeInterval=1000))",
            new AfterEpochUpdate(new FixedIntervalDecay(1)).ToString());
        Assert.Equal("ManualSchedule(rate=0.01)", new ManualSchedule(0.01).Name);
        Assert.Equal("ReduceOnPlateau(factor=0.1, patience=10, minDelta=0.0001, minRate=0, lower is better, cooldown=0)",
            new ReduceOnPlateau().Name);
    }

    [Fact]
    public void Stateless_schedules_ignore_Observe_and_Reset()
    {
        var schedule = new InverseTimeDecay(1);
        schedule.Observe(0, 123.0);
        schedule.Reset();
        Assert.Equal(0.25, schedule.RateAt(1, 0.5));
    }
}
