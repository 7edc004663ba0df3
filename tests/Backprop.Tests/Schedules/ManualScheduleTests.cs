using Backprop.Schedules;

namespace Backprop.Tests.Schedules;

public class ManualScheduleTests
{
    [Fact]
    public void Returns_its_own_rate_ignoring_alpha0_and_a_new_rate_applies_from_the_next_call()
    {
        var schedule = new ManualSchedule(0.1);
        Assert.Equal(0.1, schedule.RateAt(0, 0.5));
        schedule.Rate = 0.025;
        Assert.Equal(0.025, schedule.RateAt(1, 0.5));
        Assert.Equal(0.025, schedule.RateAt(2, 0.5));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.PositiveInfinity)]
    public void Setting_a_rate_that_is_not_positive_and_finite_throws_at_the_assignment_and_keeps_the_old_rate(double bad)
    {
        var schedule = new ManualSchedule(0.1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Rate = bad);
        Assert.Equal("Rate", ex.ParamName);
        Assert.Equal(bad, ex.ActualValue);
        Assert.Equal(0.1, schedule.RateAt(7, 0.5));
    }

    [Fact]
    public void A_rate_set_on_another_thread_is_seen_by_the_training_thread()
    {
        var schedule = new ManualSchedule(0.1);
        var setter = new Thread(() => schedule.Rate = 0.003);
        setter.Start();
        setter.Join();
        Assert.Equal(0.003, schedule.RateAt(1, 0.1));
    }

    [Fact]
    public void Reset_restores_the_initial_rate_for_the_next_fit()
    {
        var schedule = new ManualSchedule(0.1);
        schedule.Rate = 0.01;
        schedule.Reset();
        Assert.Equal(0.1, schedule.Rate);
        Assert.Equal(0.1, schedule.InitialRate);
    }
}
