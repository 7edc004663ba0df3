using Backprop.Schedules;

namespace Backprop.Tests.Schedules;

public class ScheduleValidationTests
{
    // Keyed by a readable label so every case is its own serializable theory row.
    private static readonly Dictionary<string, (Func<object> Create, string Parameter, object Value)> BadConstructions = new()
    {
        ["InverseTimeDecay(-1)"] = (() => new InverseTimeDecay(-1), "decayRate", -1.0),
        ["InverseTimeDecay(NaN)"] = (() => new InverseTimeDecay(double.NaN), "decayRate", double.NaN),
        ["InverseTimeDecay(∞)"] = (() => new InverseTimeDecay(double.PositiveInfinity), "decayRate", double.PositiveInfinity),
        ["ExponentialDecay(0)"] = (() => new ExponentialDecay(0), "k", 0.0),
        ["ExponentialDecay(1.5)"] = (() => new ExponentialDecay(1.5), "k", 1.5),
        ["ExponentialDecay(NaN)"] = (() => new ExponentialDecay(double.NaN), "k", double.NaN),
        ["InverseSqrtDecay(0)"] = (() => new InverseSqrtDecay(0), "k", 0.0),
        ["InverseSqrtDecay(-2)"] = (() => new InverseSqrtDecay(-2), "k", -2.0),
        ["StaircaseDecay(0, 10)"] = (() => new StaircaseDecay(0, 10), "factor", 0.0),
        ["StaircaseDecay(1.5, 10)"] = (() => new StaircaseDecay(1.5, 10), "factor", 1.5),
        ["StaircaseDecay(0.5, 0)"] = (() => new StaircaseDecay(0.5, 0), "stepEpochs", 0),
        ["FixedIntervalDecay(-0.1, 1000)"] = (() => new FixedIntervalDecay(-0.1, 1000), "decayRate", -0.1),
        ["FixedIntervalDecay(1, 0)"] = (() => new FixedIntervalDecay(1, 0), "timeInterval", 0),
        ["ReduceOnPlateau(factor: 1)"] = (() => new ReduceOnPlateau(factor: 1), "factor", 1.0),
        ["ReduceOnPlateau(factor: 0)"] = (() => new ReduceOnPlateau(factor: 0), "factor", 0.0),
        ["ReduceOnPlateau(patience: 0)"] = (() => new ReduceOnPlateau(patience: 0), "patience", 0),
        ["ReduceOnPlateau(minDelta: -1e-3)"] = (() => new ReduceOnPlateau(minDelta: -1e-3), "minDelta", -1e-3),
        ["ReduceOnPlateau(minRate: -1)"] = (() => new ReduceOnPlateau(minRate: -1), "minRate", -1.0),
        ["ReduceOnPlateau(minRate: ∞)"] = (() => new ReduceOnPlateau(minRate: double.PositiveInfinity), "minRate", double.PositiveInfinity),
        ["ReduceOnPlateau(cooldown: -1)"] = (() => new ReduceOnPlateau(cooldown: -1), "cooldown", -1),
        ["ManualSchedule(0)"] = (() => new ManualSchedule(0), "initialRate", 0.0),
        ["ManualSchedule(NaN)"] = (() => new ManualSchedule(double.NaN), "initialRate", double.NaN),
    };

    public static TheoryData<string> BadConstructionLabels => [.. BadConstructions.Keys];

    [Theory]
    [MemberData(nameof(BadConstructionLabels))]
    public void Constructors_reject_out_of_range_values_naming_the_parameter_and_the_value(string label)
    {
        var (create, parameter, value) = BadConstructions[label];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(parameter, ex.ParamName);
        Assert.Equal(value, ex.ActualValue);
        Assert.Contains(parameter, ex.Message);
    }

    [Fact]
    public void AfterEpochUpdate_needs_an_inner_schedule() =>
        Assert.Equal("inner", Assert.Throws<ArgumentNullException>(() => new AfterEpochUpdate(null!)).ParamName);

    [Fact]
    public void RateAt_rejects_a_negative_epoch()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Constant().RateAt(-1, 0.1));
        Assert.Equal("epoch", ex.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RateAt_rejects_an_initial_rate_that_is_not_positive_and_finite(double initialRate)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new InverseTimeDecay(1).RateAt(3, initialRate));
        Assert.Equal("initialRate", ex.ParamName);
        Assert.Equal(initialRate, ex.ActualValue);
    }

    [Theory]
    [InlineData(-1.0, "-1")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void A_schedule_yielding_a_non_positive_or_non_finite_rate_is_a_clear_error(double produced, string shown)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new Fixed(produced).RateAt(3, 0.1));
        Assert.Contains("Fixed(broken)", ex.Message);
        Assert.Contains("epoch 3", ex.Message);
        Assert.Contains($"rate {shown} ", ex.Message);
        Assert.Contains("positive and finite", ex.Message);
    }

    [Fact]
    public void Exponential_decay_that_underflows_to_zero_is_reported_not_trained_with()
    {
        var schedule = new ExponentialDecay(0.5);
        Assert.True(schedule.RateAt(1000, 1.0) > 0);
        var ex = Assert.Throws<InvalidOperationException>(() => schedule.RateAt(2000, 1.0));
        Assert.Contains("ExponentialDecay(k=0.5)", ex.Message);
        Assert.Contains("epoch 2000", ex.Message);
    }

    [Fact]
    public void An_error_inside_a_wrapped_schedule_names_the_inner_schedule_and_its_epoch()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new AfterEpochUpdate(new Fixed(-1)).RateAt(5, 0.1));
        Assert.Contains("Fixed(broken)", ex.Message);
        Assert.Contains("epoch 4", ex.Message);
    }

    /// <summary>A custom schedule that returns a fixed (possibly invalid) rate.</summary>
    private sealed class Fixed(double rate) : LearningRateSchedule
    {
        public override string Name => "Fixed(broken)";

        protected override double ComputeRate(int epoch, double initialRate) => rate;
    }
}
