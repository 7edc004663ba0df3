namespace Backprop.Tuning;

/// <summary>What a <see cref="TrialLog"/> file holds: the search it belongs to, its records, and whether its last line was torn.</summary>
/// <param name="Search">
/// The identity written by <see cref="TrialLog.BindSearch"/> (for example the space's and the data's hashes);
/// null when the log has none.
/// </param>
/// <param name="Records">The trial records in file order.</param>
/// <param name="TornLastLine">True when the last line had no line end: a writer died mid-record and the line was skipped.</param>
public sealed record TrialLogContents(IReadOnlyDictionary<string, string>? Search, IReadOnlyList<TrialRecord> Records, bool TornLastLine);
