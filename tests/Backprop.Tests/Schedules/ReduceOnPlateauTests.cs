using Backprop.Schedules;

namespace Backprop.Tests.Schedules;

public class ReduceOnPlateauTests
{
    /// <summary>Runs the training-loop protocol: ask for the epoch's rate, train, then report the value.</summary>
    private static double[] Run(LearningRateSchedule schedule, double initialRate, params double[] monitored)
    {
        var rates = new double[monitored.Length];
        for (int epoch = 0; epoch < monitored.Length; epoch++)
        {
            rates[epoch] = schedule.RateAt(epoch, initialRate);
            schedule.Observe(epoch, monitored[epoch]);
        }
        return rates;
    }

    [Fact]
    public void Reduces_after_patience_epochs_without_improvement_and_an_equal_value_is_no_improvement()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 3, minDelta: 0);
        double[] rates = Run(schedule, 1.0, 1, 1, 1, 1, 1, 1, 1, 1);
        Assert.Equal([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25], rates);
        Assert.Equal(2, schedule.Reductions);
        Assert.Equal(1.0, schedule.Best);
    }

    [Fact]
    public void An_improvement_restarts_the_patience()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 2, minDelta: 0);
        double[] rates = Run(schedule, 1.0, 5, 5, 4, 4, 4, 4);
        // Epoch 1 is the only miss before the improvement at epoch 2; epochs 3 and 4 reduce; epoch 5 starts a new count.
        Assert.Equal([1, 1, 1, 1, 1, 0.5], rates);
        Assert.Equal(4.0, schedule.Best);
        Assert.Equal(1, schedule.Reductions);
        Assert.Equal(1, schedule.EpochsWithoutImprovement);
    }

    [Fact]
    public void A_change_no_larger_than_minDelta_is_not_an_improvement()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 2, minDelta: 0.1);
        Run(schedule, 1.0, 1.0, 0.95);
        Assert.Equal(1.0, schedule.Best);
        Assert.Equal(1, schedule.EpochsWithoutImprovement);
        schedule.Observe(2, 0.85);
        Assert.Equal(0.85, schedule.Best);
        Assert.Equal(0, schedule.EpochsWithoutImprovement);
        schedule.Observe(3, 0.8);
        schedule.Observe(4, 0.76);
        Assert.Equal(1, schedule.Reductions);
        Assert.Equal(0.5, schedule.RateAt(5, 1.0));
    }

    [Fact]
    public void Higher_is_better_treats_a_rising_value_as_improvement()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 1, minDelta: 0, higherIsBetter: true);
        double[] rates = Run(schedule, 1.0, 0.6, 0.7, 0.8, 0.75, 0.9);
        Assert.Equal([1, 1, 1, 1, 0.5], rates);
        Assert.Equal(0.9, schedule.Best);
    }

    [Fact]
    public void The_rate_never_falls_below_minRate_and_reductions_stop_there()
    {
        var schedule = new ReduceOnPlateau(factor: 0.1, patience: 1, minDelta: 0, minRate: 0.015);
        double[] rates = Run(schedule, 1.0, 1, 1, 1, 1, 1, 1);
        Assert.Equal(1.0, rates[0]);
        Assert.Equal(1.0, rates[1]);
        Assert.Equal(0.1, rates[2], 1e-15);
        Assert.Equal([0.015, 0.015, 0.015], rates[3..]);
        Assert.Equal(2, schedule.Reductions);
    }

    [Fact]
    public void An_initial_rate_below_the_floor_is_kept_not_raised()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 1, minDelta: 0, minRate: 0.5);
        double[] rates = Run(schedule, 0.1, 1, 1, 1, 1);
        Assert.Equal([0.1, 0.1, 0.1, 0.1], rates);
        Assert.Equal(0, schedule.Reductions);
    }

    [Fact]
    public void Cooldown_epochs_after_a_reduction_do_not_count_toward_the_patience()
    {
        double[] withCooldown = Run(new ReduceOnPlateau(factor: 0.5, patience: 1, minDelta: 0, cooldown: 2), 1.0, 1, 1, 1, 1, 1, 1, 1);
        Assert.Equal([1, 1, 0.5, 0.5, 0.5, 0.25, 0.25], withCooldown);
        double[] without = Run(new ReduceOnPlateau(factor: 0.5, patience: 1, minDelta: 0), 1.0, 1, 1, 1, 1);
        Assert.Equal([1, 1, 0.5, 0.25], without);
    }

    [Fact]
    public void Reset_forgets_everything_so_a_second_fit_repeats_the_first()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 2, minDelta: 0, cooldown: 1);
        double[] monitored = [3, 2, 2, 2, 2, 2, 1, 1, 1, 1];
        double[] first = Run(schedule, 0.2, monitored);
        Assert.True(schedule.Reductions > 0);

        schedule.Reset();
        Assert.Equal(double.PositiveInfinity, schedule.Best);
        Assert.Equal(0, schedule.Reductions);
        Assert.Equal(0, schedule.EpochsWithoutImprovement);
        Assert.Equal(first, Run(schedule, 0.2, monitored));
    }

    [Fact]
    public void Reset_of_a_higher_is_better_schedule_starts_from_minus_infinity() =>
        Assert.Equal(double.NegativeInfinity, new ReduceOnPlateau(higherIsBetter: true).Best);

    [Fact]
    public void A_NaN_monitored_value_is_rejected_naming_the_epoch()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau().Observe(4, double.NaN));
        Assert.Equal("monitoredValue", ex.ParamName);
        Assert.Contains("epoch 4", ex.Message);
    }

    [Fact]
    public void AfterEpochUpdate_passes_Observe_and_Reset_to_the_inner_schedule()
    {
        var inner = new ReduceOnPlateau(factor: 0.5, patience: 1, minDelta: 0);
        var lagged = new AfterEpochUpdate(inner);
        lagged.Observe(0, 1);
        lagged.Observe(1, 1);
        Assert.Equal(1, inner.Reductions);
        Assert.Equal(0.05, lagged.RateAt(2, 0.1));
        lagged.Reset();
        Assert.Equal(0, inner.Reductions);
    }
}
