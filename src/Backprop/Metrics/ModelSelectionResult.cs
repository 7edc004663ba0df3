namespace Backprop.Metrics;

/// <summary>The outcome of <see cref="ModelSelection.Choose"/>.</summary>
/// <param name="Winner">The best feasible candidate, or null when none met every constraint.</param>
/// <param name="Excluded">Every other candidate, in the order given, with the reason it lost.</param>
public sealed record ModelSelectionResult(Candidate? Winner, IReadOnlyList<ExcludedCandidate> Excluded);
