using System.Globalization;
using Backprop.Schedules;

namespace Backprop.Tests.Schedules;

/// <summary>The V21 "learning rate decay" section of C2 W2 (REFERENCE.md), reproduced exactly.</summary>
public class CourseDecayTests
{
    [Fact]
    public void Update_lr_unit_test_lr0_half_epoch_2_rate_1()
    {
        // update_lr(0.5, 2, 1): the rate set after epoch 2, which trains epoch 3.
        Assert.Equal(0.16666666666666666, new InverseTimeDecay(1).RateAt(2, 0.5));
        Assert.Equal(0.16666666666666666, new AfterEpochUpdate(new InverseTimeDecay(1)).RateAt(3, 0.5));
    }

    [Fact]
    public void Schedule_lr_decay_unit_test_lr0_half_rate_03_interval_100()
    {
        var schedule = new FixedIntervalDecay(0.3, 100);
        Assert.Equal(0.5, schedule.RateAt(10, 0.5));
        Assert.Equal(0.3846153846153846, schedule.RateAt(100, 0.5));
    }

    [Theory]
    [InlineData(false, 0.1, new[] { "0.1", "0.0001", "0.00005", "0.000033", "0.000025" })]
    [InlineData(true, 0.1, new[] { "0.1", "0.05", "0.033333", "0.025", "0.02" })]
    [InlineData(true, 0.01, new[] { "0.01", "0.005", "0.003333", "0.0025", "0.002" })]
    public void Printed_learning_rate_after_epochs_0_to_4000(bool fixedInterval, double lr0, string[] printed)
    {
        var schedule = new AfterEpochUpdate(fixedInterval ? new FixedIntervalDecay(1, 1000) : new InverseTimeDecay(1));
        for (int k = 0; k < printed.Length; k++)
        {
            int i = 1000 * k;
            // The notebook prints "learning rate after epoch i: %f", the rate that trains epoch i + 1;
            // the table drops the trailing zeros of that six-decimal output.
            string text = schedule.RateAt(i + 1, lr0).ToString("F6", CultureInfo.InvariantCulture).TrimEnd('0');
            Assert.Equal(printed[k], text);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AfterEpochUpdate_matches_the_course_loop_at_every_epoch_of_the_5000_epoch_run(bool fixedInterval)
    {
        const double lr0 = 0.1, decayRate = 1;
        LearningRateSchedule schedule = fixedInterval ? new FixedIntervalDecay(decayRate, 1000) : new InverseTimeDecay(decayRate);
        var lagged = new AfterEpochUpdate(schedule);

        // The notebook's loop: train epoch i with the current rate, then set it from i.
        double learningRate = lr0;
        for (int i = 0; i < 5000; i++)
        {
            Assert.Equal(learningRate, lagged.RateAt(i, lr0));
            double steps = fixedInterval ? Math.Floor(i / 1000.0) : i;
            learningRate = lr0 / (1 + decayRate * steps);
        }
    }

    [Fact]
    public void Epoch_0_and_1_both_train_with_lr0_and_the_first_drop_in_interval_mode_is_at_epoch_1001()
    {
        var perEpoch = new AfterEpochUpdate(new InverseTimeDecay(1));
        Assert.Equal(0.1, perEpoch.RateAt(0, 0.1));
        Assert.Equal(0.1, perEpoch.RateAt(1, 0.1));
        Assert.Equal(0.05, perEpoch.RateAt(2, 0.1));

        var interval = new AfterEpochUpdate(new FixedIntervalDecay(1, 1000));
        Assert.Equal(0.1, interval.RateAt(1000, 0.1));
        Assert.Equal(0.05, interval.RateAt(1001, 0.1));
    }
}
