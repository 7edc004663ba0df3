namespace Backprop.Samples;

/// <summary>The outcome of one reproduced course experiment.</summary>
/// <param name="Name">Experiment name, e.g. <c>c1w4-L-layer-cats</c>.</param>
/// <param name="Costs">Cost by iteration or epoch, as the course prints it; null for experiments without a training run.</param>
/// <param name="TrainAccuracy">Training-set accuracy, a fraction.</param>
/// <param name="TestAccuracy">Test-set accuracy, or null when the assignment has no test set.</param>
public sealed record ExperimentResult(string Name, IReadOnlyDictionary<int, double>? Costs, double? TrainAccuracy, double? TestAccuracy)
{
    /// <summary>Further named numbers printed after the standard fields (e.g. a gradient check's differences).</summary>
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();

    /// <summary>Learning rate by epoch, for runs with a decay schedule.</summary>
    public IReadOnlyDictionary<int, double>? LearningRates { get; init; }

    /// <summary>A remark on how the run differs from an ordinary one (e.g. the divergence guard turned off).</summary>
    public string? Note { get; init; }
}

/// <summary>A named course experiment that can be run against the course's data folder.</summary>
/// <param name="Name">Experiment name.</param>
/// <param name="Description">One line: what the course assignment did.</param>
/// <param name="Run">Runs it, given the course data folder.</param>
public sealed record Experiment(string Name, string Description, Func<string, ExperimentResult> Run);
