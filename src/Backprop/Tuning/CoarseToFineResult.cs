namespace Backprop.Tuning;

/// <summary>What a <see cref="CoarseToFine"/> search produced.</summary>
/// <param name="Result">Every trial of every round, best first.</param>
/// <param name="Spaces">The space each round sampled from; [0] is the original.</param>
/// <param name="FinalSpace">The space fitted around the best trials after the last round (where a further round would sample).</param>
public sealed record CoarseToFineResult(TuningResult Result, IReadOnlyList<SearchSpace> Spaces, SearchSpace FinalSpace);
