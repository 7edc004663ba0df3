using System.Globalization;

namespace Backprop.Schedules;

/// <summary>
/// A learning-rate schedule: the rate α to train epoch <c>e</c> with, as a function of the epoch and the
/// optimizer's initial rate α₀. Schedules are separate objects so that any optimizer can be combined with
/// any decay without flags on the optimizer.
/// </summary>
/// <remarks>
/// <para>
/// Epochs count from 0, and <see cref="RateAt"/> gives the rate used <em>while training</em> that epoch.
/// The course's notebook updates the rate after each epoch from the index of the epoch just finished, so
/// its epoch <c>e ≥ 1</c> trains with the formula evaluated at <c>e − 1</c>; wrap a schedule in
/// <see cref="AfterEpochUpdate"/> to reproduce that lag exactly.
/// </para>
/// <para>
/// A stateful schedule (for example <see cref="ReduceOnPlateau"/>) learns from <see cref="Observe"/>,
/// called once after each epoch with the monitored value, and forgets that state in <see cref="Reset"/>,
/// called when training begins so that one instance can serve several fits.
/// </para>
/// <para>To write a schedule, derive from this class and override <see cref="ComputeRate"/> and <see cref="Name"/>.</para>
/// </remarks>
public abstract class LearningRateSchedule
{
    /// <summary>A short name with the hyperparameters, e.g. <c>InverseTimeDecay(decayRate=1)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The learning rate to train epoch <paramref name="epoch"/> with.</summary>
    /// <param name="epoch">The 0-based epoch about to be trained.</param>
    /// <param name="initialRate">α₀, the optimizer's learning rate; positive and finite.</param>
    /// <returns>The rate, always positive and finite.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative, or <paramref name="initialRate"/> is not positive and finite.</exception>
    /// <exception cref="InvalidOperationException">The schedule produced a rate that is zero, negative, NaN or infinite.</exception>
    public double RateAt(int epoch, double initialRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (!double.IsFinite(initialRate) || initialRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(initialRate), initialRate, "The initial learning rate must be positive and finite.");
        double rate = ComputeRate(epoch, initialRate);
        // Checked here, once for every schedule, so a decay that underflows to 0 or a bad custom formula
        // stops training with its cause instead of silently freezing or corrupting the weights.
        if (!double.IsFinite(rate) || rate <= 0)
            throw new InvalidOperationException(Invariant(
                $"The learning-rate schedule {Name} gave the rate {rate} for epoch {epoch} (initial rate {initialRate}); a learning rate must be positive and finite."));
        return rate;
    }

    /// <summary>Computes the rate for <paramref name="epoch"/>; <see cref="RateAt"/> has validated the arguments and checks the result.</summary>
    /// <param name="epoch">The 0-based epoch, non-negative.</param>
    /// <param name="initialRate">α₀, positive and finite.</param>
    /// <returns>The rate; <see cref="RateAt"/> rejects a result that is not positive and finite.</returns>
    protected abstract double ComputeRate(int epoch, double initialRate);

    /// <summary>
    /// Reports the monitored value (for example the cost) of the epoch just finished. Does nothing unless
    /// the schedule is stateful; call it after epoch <paramref name="epoch"/> and before asking for the
    /// rate of epoch <paramref name="epoch"/> + 1.
    /// </summary>
    /// <param name="epoch">The 0-based epoch just finished.</param>
    /// <param name="monitoredValue">The value the schedule watches at the end of that epoch.</param>
    public virtual void Observe(int epoch, double monitoredValue)
    {
    }

    /// <summary>Forgets what <see cref="Observe"/> learned; called when training begins so an instance is reusable. Does nothing for stateless schedules.</summary>
    public virtual void Reset()
    {
    }

    /// <summary>
    /// The schedule's internal state beyond the epoch number (empty for the schedules that are a pure
    /// function of the epoch), so a training checkpoint can continue it exactly.
    /// </summary>
    public virtual double[] SaveState() => [];

    /// <summary>Restores a state returned by <see cref="SaveState"/> of a schedule with the same <see cref="Name"/>.</summary>
    /// <exception cref="ArgumentException">The state does not have the length or values this schedule keeps.</exception>
    public virtual void RestoreState(IReadOnlyList<double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != 0)
            throw new ArgumentException($"The schedule {Name} keeps no state, but {state.Count} values were given.", nameof(state));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Formats with the invariant culture, so names and messages read the same on every machine.</summary>
    private protected static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
