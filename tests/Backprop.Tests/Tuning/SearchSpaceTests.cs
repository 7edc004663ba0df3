using Backprop.Tuning;

namespace Backprop.Tests.Tuning;

public class SearchSpaceTests
{
    private static double[] Draw(SearchSpace space, string name, int n) =>
        RandomSearch.Trials(space, n, seed: 11).Select(t => t.GetDouble(name)).ToArray();

    [Fact]
    public void Log_uniform_puts_equal_mass_in_every_decade()
    {
        var values = Draw(SearchSpace.Empty.LogUniform("LearningRate", 1e-4, 1e-1), "LearningRate", 20_000);
        Assert.All(values, v => Assert.InRange(v, 1e-4, 1e-1));
        foreach (var (lo, hi) in new[] { (1e-4, 1e-3), (1e-3, 1e-2), (1e-2, 1e-1) })
            Assert.InRange(values.Count(v => v >= lo && v < hi) / 20_000.0, 1 / 3.0 - 0.02, 1 / 3.0 + 0.02);
    }

    [Fact]
    public void One_minus_beta_puts_equal_mass_on_0_9_to_0_99_and_0_99_to_0_999()
    {
        var values = Draw(SearchSpace.Empty.OneMinusBeta("Beta", 0.9, 0.999), "Beta", 20_000);
        Assert.All(values, v => Assert.InRange(v, 0.9, 0.999));
        Assert.InRange(values.Count(v => v < 0.99) / 20_000.0, 0.48, 0.52);
        Assert.InRange(values.Count(v => v >= 0.99) / 20_000.0, 0.48, 0.52);
    }

    [Fact]
    public void Uniform_int_and_choice_stay_in_range_and_cover_it()
    {
        var space = SearchSpace.Empty.Uniform("KeepProb", 0.5, 1).IntRange("Hidden", 3, 7).Choice("Optimizer", "adam", "momentum", "sgd");
        var trials = RandomSearch.Trials(space, 3000, seed: 5);
        var keep = trials.Select(t => t.GetDouble("KeepProb")).ToArray();
        Assert.All(keep, v => Assert.InRange(v, 0.5, 1));
        Assert.InRange(keep.Average(), 0.74, 0.76);
        Assert.Equal([3, 4, 5, 6, 7], trials.Select(t => t.GetInt("Hidden")).Distinct().Order());
        Assert.Equal(["adam", "momentum", "sgd"], trials.Select(t => t.GetString("Optimizer")).Distinct().Order());
        Assert.Equal(5.0, trials.First(t => t.GetInt("Hidden") == 5).Get<double>("Hidden"));
        Assert.Throws<InvalidCastException>(() => trials[0].GetInt("Optimizer"));
        Assert.Throws<KeyNotFoundException>(() => trials[0].GetDouble("Missing"));
    }

    [Fact]
    public void Same_seed_gives_same_trials_and_trial_k_does_not_depend_on_how_many_are_drawn()
    {
        var space = SearchSpace.Empty.LogUniform("LearningRate", 1e-4, 1).IntRange("Hidden", 1, 100).Choice("Act", "relu", "tanh");
        var few = RandomSearch.Trials(space, 5, seed: 42);
        var many = RandomSearch.Trials(space, 50, seed: 42);
        for (int k = 0; k < few.Count; k++)
        {
            Assert.Equal(few[k].Seed, many[k].Seed);
            Assert.Equal(few[k].Values, many[k].Values);
            Assert.Equal(few[k].Values, space.Sample(42, k).Values);
        }
        Assert.Equal(many[7].Values, RandomSearch.Trials(space, 3, seed: 42, firstId: 6)[1].Values);
        Assert.NotEqual(few[0].Values, RandomSearch.Trials(space, 1, seed: 43)[0].Values);
    }

    [Fact]
    public void Grid_enumerates_the_cartesian_product_log_spaced_on_log_scales()
    {
        var space = SearchSpace.Empty.LogUniform("LearningRate", 1e-4, 1e-1).IntRange("Hidden", 10, 30).Choice("Act", "relu", "tanh");
        var grid = GridSearch.Trials(space, 4);
        Assert.Equal(4 * 4 * 2, grid.Count);
        Assert.Equal(grid.Count, grid.Select(t => (t.GetDouble("LearningRate"), t.GetInt("Hidden"), t.GetString("Act"))).Distinct().Count());
        var rates = grid.Select(t => t.GetDouble("LearningRate")).Distinct().Order().ToArray();
        Assert.Equal([1e-4, 1e-3, 1e-2, 1e-1], rates.Select(r => Math.Round(r, 12)));
        Assert.Equal([10, 17, 23, 30], grid.Select(t => t.GetInt("Hidden")).Distinct().Order());
        Assert.Equal(Enumerable.Range(0, grid.Count), grid.Select(t => t.Id));
    }

    [Fact]
    public void Coarse_to_fine_shrinks_the_range_around_the_best()
    {
        var space = SearchSpace.Empty.LogUniform("Alpha", 1e-4, 1e-1).Choice("Kind", "a", "b");
        var search = new CoarseToFine { Rounds = 2, TrialsPerRound = 20, TopK = 4, Margin = 0.1, Seed = 3 };
        var result = search.Run(space, new TuningRunner(), (trial, _) =>
            new TrialOutcome(Math.Pow(Math.Log10(trial.GetDouble("Alpha")) + 2.5, 2) + (trial.GetString("Kind") == "b" ? 0 : 0.5)));

        Assert.Equal(40, result.Result.Results.Count);
        Assert.Equal(2, result.Spaces.Count);
        var first = result.Spaces[0]["Alpha"];
        var second = result.Spaces[1]["Alpha"];
        var final = result.FinalSpace["Alpha"];
        foreach (var range in new[] { second, final })
        {
            Assert.InRange(Math.Pow(10, -2.5), range.Min, range.Max);
            Assert.True(range.Max / range.Min < first.Max / first.Min, $"{range} is not narrower than {first}");
            Assert.True(range.Min >= first.Min && range.Max <= first.Max);
        }
        Assert.True(final.Max / final.Min <= second.Max / second.Min);
        Assert.Equal(["b"], result.FinalSpace["Kind"].Choices);
        Assert.True(result.Result.Results.Where(r => r.Trial.Round == 1).All(r => r.Trial.GetDouble("Alpha") >= second.Min && r.Trial.GetDouble("Alpha") <= second.Max));
        Assert.InRange(Math.Log10(result.Result.Best!.Trial.GetDouble("Alpha")), -2.7, -2.3);
    }

    [Fact]
    public void One_minus_beta_and_int_ranges_shrink_inside_their_range()
    {
        var space = SearchSpace.Empty.OneMinusBeta("Beta", 0.9, 0.9999).IntRange("Hidden", 1, 100);
        var best = new[] { space.Sample(1, 0), space.Sample(1, 1) };
        var narrowed = space.Narrow(best, 0.05);
        var betas = best.Select(t => t.GetDouble("Beta")).ToArray();
        Assert.True(narrowed["Beta"].Min <= betas.Min() && narrowed["Beta"].Max >= betas.Max());
        Assert.True(narrowed["Beta"].Min >= 0.9 && narrowed["Beta"].Max <= 0.9999);
        Assert.Equal(narrowed["Hidden"].Min, Math.Floor(narrowed["Hidden"].Min));
        Assert.True(narrowed["Hidden"].Min <= best.Min(t => t.GetInt("Hidden")));
    }

    [Theory]
    [InlineData("min", "Rate.min")]
    [InlineData("log", "Rate.min")]
    [InlineData("beta-low", "Beta.min")]
    [InlineData("beta-high", "Beta.max")]
    [InlineData("duplicate", "Rate")]
    [InlineData("choice", "Act.values")]
    [InlineData("empty", "parameters")]
    public void Bad_spaces_name_the_field(string problem, string field)
    {
        var ex = Assert.Throws<SearchSpaceException>(() =>
        {
            _ = problem switch
            {
                "min" => SearchSpace.Empty.Uniform("Rate", 2, 1),
                "log" => SearchSpace.Empty.LogUniform("Rate", 0, 1),
                "beta-low" => SearchSpace.Empty.OneMinusBeta("Beta", 0, 0.9),
                "beta-high" => SearchSpace.Empty.OneMinusBeta("Beta", 0.9, 1),
                "duplicate" => SearchSpace.Empty.Uniform("Rate", 0, 1).LogUniform("Rate", 1e-3, 1),
                "choice" => SearchSpace.Empty.Choice("Act"),
                _ => Validated(SearchSpace.Empty),
            };
        });
        Assert.Equal(field, ex.Field);
        Assert.Equal(field, ex.ParamName);
        Assert.StartsWith(field, ex.Message);
    }

    private static SearchSpace Validated(SearchSpace space)
    {
        space.Validate();
        return space;
    }
}
