using Backprop.Metrics;

namespace Backprop.Tests.Metrics;

public class ModelSelectionTests
{
    private static Candidate Model(string name, double f1, double latencyMs, double sizeMB)
        => new(name, new Dictionary<string, double> { ["F1"] = f1, ["LatencyMs"] = latencyMs, ["SizeMB"] = sizeMB });

    private static readonly Candidate[] Candidates =
    [
        Model("A", 0.95, 150, 5),
        Model("B", 0.92, 80, 5),
        Model("C", 0.90, 50, 3),
        Model("D", 0.93, 90, 20),
    ];

    [Fact]
    public void Maximizes_f1_among_models_that_meet_latency_and_size()
    {
        var result = ModelSelection.Choose(Candidates, "F1", Goal.Maximize,
            SatisficingConstraint.AtMost("LatencyMs", 100), SatisficingConstraint.AtMost("SizeMB", 10));

        Assert.Equal("B", result.Winner?.Name);
        Assert.Equal(["A", "C", "D"], result.Excluded.Select(e => e.Candidate.Name));
        var a = result.Excluded[0];
        Assert.Equal("LatencyMs", Assert.Single(a.Violated).Metric);
        Assert.Contains("LatencyMs ≤ 100 (LatencyMs = 150)", a.Reason);
        var c = result.Excluded[1];
        Assert.Empty(c.Violated);
        Assert.Contains("lower F1 than 'B' (0.9 vs 0.92)", c.Reason);
        Assert.Contains("SizeMB ≤ 10 (SizeMB = 20)", result.Excluded[2].Reason);
    }

    [Fact]
    public void Minimizing_and_at_least_constraints_and_ties_go_to_the_first_listed()
    {
        Candidate[] models =
        [
            new("small", new Dictionary<string, double> { ["Error"] = 0.05, ["Recall"] = 0.80 }),
            new("big", new Dictionary<string, double> { ["Error"] = 0.04, ["Recall"] = 0.70 }),
            new("twin", new Dictionary<string, double> { ["Error"] = 0.05, ["Recall"] = 0.85 }),
        ];
        var result = ModelSelection.Choose(models, "Error", Goal.Minimize, SatisficingConstraint.AtLeast("Recall", 0.75));
        Assert.Equal("small", result.Winner?.Name);
        Assert.Contains("Recall ≥ 0.75", result.Excluded[0].Reason);
        Assert.Contains("ties 'small'", result.Excluded[1].Reason);
    }

    [Fact]
    public void No_feasible_candidate_gives_no_winner_and_every_reason()
    {
        var result = ModelSelection.Choose(Candidates, "F1", Goal.Maximize, SatisficingConstraint.AtMost("LatencyMs", 10));
        Assert.Null(result.Winner);
        Assert.Equal(4, result.Excluded.Count);
        Assert.All(result.Excluded, e => Assert.Single(e.Violated));
    }

    [Fact]
    public void Bad_inputs_name_the_candidate_and_metric()
    {
        Assert.Throws<ArgumentException>(() => ModelSelection.Choose([], "F1", Goal.Maximize));
        var missing = Assert.Throws<ArgumentException>(() => ModelSelection.Choose(Candidates, "F1", Goal.Maximize, SatisficingConstraint.AtMost("Memory", 1)));
        Assert.Contains("Candidate 'A' has no value for metric 'Memory'", missing.Message);
        var duplicate = Assert.Throws<ArgumentException>(() => ModelSelection.Choose([Candidates[0], Candidates[0]], "F1", Goal.Maximize));
        Assert.Contains("'A'", duplicate.Message);
        Assert.Throws<ArgumentException>(() => ModelSelection.Choose(Candidates, "F1", Goal.Maximize, SatisficingConstraint.AtMost("SizeMB", double.NaN)));
        Assert.Throws<ArgumentException>(() => ModelSelection.Choose([Model("N", double.NaN, 1, 1)], "F1", Goal.Maximize));
    }
}
