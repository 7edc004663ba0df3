using System.Globalization;
using System.Text;

namespace Backprop.Diagnostics;

/// <summary>
/// The course's reading of an error ladder: each gap between consecutive errors is one problem, the largest
/// gap is the one to work on, and each problem has its own set of remedies.
/// </summary>
/// <remarks>
/// <para>The gaps: avoidable bias = training − human-level; variance = train-dev − training (or dev −
/// training when there is no train-dev set, which then also contains any data mismatch); data mismatch =
/// dev − train-dev; overfitting to dev = test − dev.</para>
/// <para>A gap can be negative (for example a dev distribution that is easier than the training one); it is
/// reported as measured and is simply never the dominant problem. When two gaps are equal, the earlier one in
/// the ladder is named, since fixing a lower rung changes the rungs above it.</para>
/// </remarks>
public sealed class BiasVarianceDiagnosis
{
    private BiasVarianceDiagnosis(ErrorRates rates, double avoidableBias, double variance, double? dataMismatch, double? devOverfitting, Problem dominant)
    {
        Rates = rates;
        AvoidableBias = avoidableBias;
        Variance = variance;
        DataMismatch = dataMismatch;
        DevOverfitting = devOverfitting;
        Dominant = dominant;
    }

    /// <summary>The error ladder diagnosed.</summary>
    public ErrorRates Rates { get; }

    /// <summary>Training error − human-level error.</summary>
    public double AvoidableBias { get; }

    /// <summary>Train-dev error − training error, or dev error − training error without a train-dev set.</summary>
    public double Variance { get; }

    /// <summary>Dev error − train-dev error; null without a train-dev set.</summary>
    public double? DataMismatch { get; }

    /// <summary>Test error − dev error; null without a test error.</summary>
    public double? DevOverfitting { get; }

    /// <summary>The problem with the largest positive gap, or <see cref="Problem.None"/> when no gap is positive.</summary>
    public Problem Dominant { get; }

    /// <summary>The course's remedies for <see cref="Dominant"/>.</summary>
    public IReadOnlyList<string> Recipe => RecipeFor(Dominant);

    /// <summary>Diagnoses an error ladder.</summary>
    /// <param name="rates">The errors, each in [0, 1].</param>
    /// <exception cref="ArgumentNullException"><paramref name="rates"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rate is outside [0, 1]; the parameter name is the field's.</exception>
    public static BiasVarianceDiagnosis Diagnose(ErrorRates rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        rates.Validate();
        double bias = rates.Training - rates.HumanLevel;
        double variance = (rates.TrainDev ?? rates.Dev) - rates.Training;
        double? mismatch = rates.Dev - rates.TrainDev;
        double? devOverfitting = rates.Test - rates.Dev;

        // Listed in ladder order, so that the strict comparison below leaves ties with the lower rung.
        (Problem Problem, double? Gap)[] gaps =
            [(Problem.AvoidableBias, bias), (Problem.Variance, variance), (Problem.DataMismatch, mismatch), (Problem.DevOverfitting, devOverfitting)];
        var dominant = Problem.None;
        double largest = 0;
        foreach (var (problem, gap) in gaps)
        {
            if (gap is double g && g > largest)
            {
                largest = g;
                dominant = problem;
            }
        }
        return new BiasVarianceDiagnosis(rates, bias, variance, mismatch, devOverfitting, dominant);
    }

    /// <summary>Diagnoses an error ladder given as separate numbers; see <see cref="Diagnose(ErrorRates)"/>.</summary>
    /// <param name="humanLevel">Human-level error, the proxy for Bayes error.</param>
    /// <param name="training">Training error.</param>
    /// <param name="dev">Dev error.</param>
    /// <param name="trainDev">Train-dev error, or null when there is no train-dev set.</param>
    /// <param name="test">Test error, or null when not measured.</param>
    /// <exception cref="ArgumentOutOfRangeException">A rate is outside [0, 1]; the parameter name is the field's.</exception>
    public static BiasVarianceDiagnosis Diagnose(double humanLevel, double training, double dev, double? trainDev = null, double? test = null)
        => Diagnose(new ErrorRates(humanLevel, training, dev) { TrainDev = trainDev, Test = test });

    /// <summary>The course's remedies for <paramref name="problem"/>, most direct first.</summary>
    /// <param name="problem">The problem to treat.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="problem"/> is not a defined value.</exception>
    public static IReadOnlyList<string> RecipeFor(Problem problem) => problem switch
    {
        Problem.None => ["No gap is positive: the model is at human level on every set measured; look for a better metric or harder data."],
        Problem.AvoidableBias =>
        [
            "Train a bigger network (more hidden units or layers).",
            "Train longer, or with a better optimization algorithm (momentum, RMSprop, Adam).",
            "Try a different architecture or search the hyperparameters.",
        ],
        Problem.Variance =>
        [
            "Get more training data.",
            "Regularize: L2, dropout, data augmentation.",
            "Try a different architecture or search the hyperparameters.",
        ],
        Problem.DataMismatch =>
        [
            "Do error analysis by hand to understand how the training data differs from the dev/test data.",
            "Make the training data more like the dev data: artificial data synthesis, or collect more data similar to dev/test.",
        ],
        Problem.DevOverfitting => ["Get a bigger dev set: the dev set has been overtuned to."],
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "Not a defined problem."),
    };

    /// <summary>The ladder, the gaps, the dominant problem and its recipe, one item a line.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Line(text, "human-level error", Rates.HumanLevel);
        Line(text, "training error", Rates.Training);
        if (Rates.TrainDev is double trainDev)
            Line(text, "train-dev error", trainDev);
        Line(text, "dev error", Rates.Dev);
        if (Rates.Test is double test)
            Line(text, "test error", test);
        Line(text, "avoidable bias", AvoidableBias);
        Line(text, Rates.TrainDev is null ? "variance (incl. data mismatch)" : "variance", Variance);
        if (DataMismatch is double mismatch)
            Line(text, "data mismatch", mismatch);
        if (DevOverfitting is double overfitting)
            Line(text, "overfitting to dev", overfitting);
        text.Append("dominant: ").Append(Dominant).Append('\n');
        foreach (string step in Recipe)
            text.Append("  - ").Append(step).Append('\n');
        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, double value)
        => text.Append(label.PadRight(32)).Append(value.ToString("0.0000", CultureInfo.InvariantCulture)).Append('\n');
}
