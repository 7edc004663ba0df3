namespace Backprop.Diagnostics;

/// <summary>
/// The error ladder a bias/variance diagnosis reads: human-level error (the proxy for Bayes error), then the
/// errors on the training, train-dev, dev and test sets, each a fraction in [0, 1].
/// </summary>
/// <param name="HumanLevel">The error of (a team of) expert humans, standing in for Bayes error.</param>
/// <param name="Training">The error on the training set.</param>
/// <param name="Dev">The error on the dev set.</param>
public sealed record ErrorRates(double HumanLevel, double Training, double Dev)
{
    /// <summary>
    /// The error on a train-dev set (training-distribution examples held out from training), or null when
    /// there is none; without it, variance and data mismatch cannot be told apart.
    /// </summary>
    public double? TrainDev { get; init; }

    /// <summary>The error on the test set, or null when it has not been measured.</summary>
    public double? Test { get; init; }

    /// <summary>Throws unless every given rate is in [0, 1], naming the first one that is not.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is negative, above 1 or NaN; its parameter name is the field's.</exception>
    public void Validate()
    {
        Check(HumanLevel, nameof(HumanLevel));
        Check(Training, nameof(Training));
        if (TrainDev is double trainDev)
            Check(trainDev, nameof(TrainDev));
        Check(Dev, nameof(Dev));
        if (Test is double test)
            Check(test, nameof(Test));
    }

    private static void Check(double rate, string field)
    {
        // A negated range test, so that NaN fails too.
        if (!(rate >= 0 && rate <= 1))
            throw new ArgumentOutOfRangeException(field, rate, $"{field} error is {rate}; error rates are fractions in [0, 1] (write 8 % as 0.08).");
    }
}
