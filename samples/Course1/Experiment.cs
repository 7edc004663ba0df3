namespace Backprop.Samples.Course1;

/// <summary>The outcome of one reproduced course experiment.</summary>
/// <param name="Name">Experiment name, e.g. <c>c1w4-L-layer-cats</c>.</param>
/// <param name="Costs">Cost by iteration, as the course prints it (before that iteration's update).</param>
/// <param name="TrainAccuracy">Training-set accuracy, a fraction.</param>
/// <param name="TestAccuracy">Test-set accuracy, or null when the assignment has no test set.</param>
public sealed record ExperimentResult(string Name, IReadOnlyDictionary<int, double> Costs, double TrainAccuracy, double? TestAccuracy);

/// <summary>A named course experiment that can be run against the course's data folder.</summary>
/// <param name="Name">Experiment name.</param>
/// <param name="Description">One line: what the course assignment did.</param>
/// <param name="Run">Runs it, given the course data folder.</param>
public sealed record Experiment(string Name, string Description, Func<string, ExperimentResult> Run);
