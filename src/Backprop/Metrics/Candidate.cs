namespace Backprop.Metrics;

/// <summary>A model to choose among, with its measured metrics by name (e.g. "F1", "LatencyMs", "SizeMB").</summary>
/// <param name="Name">A name that identifies the candidate in the result.</param>
/// <param name="Metrics">The metric values by name; each finite.</param>
public sealed record Candidate(string Name, IReadOnlyDictionary<string, double> Metrics);
