using Backprop.Schedules;

namespace Backprop.Serialization;

/// <summary>
/// The learning-rate decay of a <see cref="TrainingSpec"/>. Only the fields that apply to <see cref="Kind"/>
/// may appear in JSON; the others keep their defaults and are ignored.
/// </summary>
public sealed record ScheduleSpec
{
    /// <summary><c>kind</c>: required in JSON.</summary>
    public ScheduleKind Kind { get; init; } = ScheduleKind.InverseTime;

    /// <summary><c>decay_rate</c>: inverse_time and fixed_interval, ≥ 0; 1 by default (the course's).</summary>
    public double DecayRate { get; init; } = 1;

    /// <summary><c>k</c>: exponential's factor per epoch in (0, 1] (default 0.95), inverse_sqrt's scale, positive (default 1); null for the kind's default.</summary>
    public double? K { get; init; }

    /// <summary><c>factor</c>: staircase's multiplier in (0, 1] (default 0.5), reduce_on_plateau's in (0, 1) (default 0.1); null for the kind's default.</summary>
    public double? Factor { get; init; }

    /// <summary><c>step_epochs</c>: staircase's epochs per step, ≥ 1; 10 by default.</summary>
    public int StepEpochs { get; init; } = 10;

    /// <summary><c>time_interval</c>: fixed_interval's epochs between drops, ≥ 1; 1000 by default (the course's).</summary>
    public int TimeInterval { get; init; } = 1000;

    /// <summary><c>patience</c>: reduce_on_plateau's epochs without improvement before a reduction, ≥ 1; 10 by default.</summary>
    public int Patience { get; init; } = 10;

    /// <summary><c>min_delta</c>: reduce_on_plateau's smallest improvement, ≥ 0; 1e-4 by default.</summary>
    public double MinDelta { get; init; } = 1e-4;

    /// <summary><c>min_rate</c>: reduce_on_plateau's floor under the rate, ≥ 0; 0 by default.</summary>
    public double MinRate { get; init; }

    /// <summary><c>cooldown</c>: reduce_on_plateau's epochs after a reduction that do not count, ≥ 0; 0 by default.</summary>
    public int Cooldown { get; init; }

    /// <summary>
    /// <c>after_epoch_update</c>: apply each rate one epoch late, as the course's notebook does (see
    /// <see cref="Schedules.AfterEpochUpdate"/>); false by default.
    /// </summary>
    public bool AfterEpochUpdate { get; init; }

    /// <summary>The k used: <see cref="K"/>, else 0.95 for exponential and 1 for inverse_sqrt.</summary>
    public double EffectiveK => K ?? (Kind == ScheduleKind.Exponential ? 0.95 : 1);

    /// <summary>The factor used: <see cref="Factor"/>, else 0.5 for staircase and 0.1 for reduce_on_plateau.</summary>
    public double EffectiveFactor => Factor ?? (Kind == ScheduleKind.Staircase ? 0.5 : 0.1);

    /// <summary>Whether the JSON field <paramref name="field"/> applies to <see cref="Kind"/>.</summary>
    internal bool Applies(string field) => field switch
    {
        "kind" or "after_epoch_update" => true,
        "decay_rate" => Kind is ScheduleKind.InverseTime or ScheduleKind.FixedInterval,
        "k" => Kind is ScheduleKind.Exponential or ScheduleKind.InverseSqrt,
        "factor" => Kind is ScheduleKind.Staircase or ScheduleKind.ReduceOnPlateau,
        "step_epochs" => Kind is ScheduleKind.Staircase,
        "time_interval" => Kind is ScheduleKind.FixedInterval,
        "patience" or "min_delta" or "min_rate" or "cooldown" => Kind is ScheduleKind.ReduceOnPlateau,
        _ => false,
    };

    /// <summary>A fresh library schedule (stateful ones must not be shared between runs).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public LearningRateSchedule Create()
    {
        LearningRateSchedule schedule = Kind switch
        {
            ScheduleKind.InverseTime => new InverseTimeDecay(DecayRate),
            ScheduleKind.Exponential => new ExponentialDecay(EffectiveK),
            ScheduleKind.InverseSqrt => new InverseSqrtDecay(EffectiveK),
            ScheduleKind.Staircase => new StaircaseDecay(EffectiveFactor, StepEpochs),
            ScheduleKind.FixedInterval => new FixedIntervalDecay(DecayRate, TimeInterval),
            ScheduleKind.ReduceOnPlateau => new ReduceOnPlateau(EffectiveFactor, Patience, MinDelta, MinRate, higherIsBetter: false, Cooldown),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown schedule."),
        };
        return AfterEpochUpdate ? new AfterEpochUpdate(schedule) : schedule;
    }
}
