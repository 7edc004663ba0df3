using Backprop.Samples;
using Backprop.Samples.Course2;
using Backprop.Tests;

namespace Backprop.Course.Tests;

/// <summary>
/// Course 2 reproduced against ../shared/data/course/REFERENCE.md, running the same experiment code as
/// <c>samples/Course2</c>. Full-precision published costs must match within 1e-9, accuracies exactly.
/// </summary>
[Trait("Category", "Course")]
public class Course2Tests
{
    [Fact]
    public void C2W1_zero_initialization_never_breaks_symmetry()
    {
        var r = Run("c2w1-init-zeros", "circles_train.csv");
        Assert.All(r.Costs!.Values, c => Assert.Equal(0.6931471805599453, c, 1e-9));
        Assert.Equal(0.5, r.TrainAccuracy);
        Assert.Equal(0.5, r.TestAccuracy);
    }

    [Fact]
    public void C2W1_large_random_initialization_reaches_the_course_accuracies()
    {
        var r = Run("c2w1-init-large", "circles_train.csv");
        Assert.Equal(0.83, r.TrainAccuracy);
        Assert.Equal(0.86, r.TestAccuracy);
        Assert.Contains("divergence guard off", r.Note);
        // REFERENCE.md: late costs differ between every notebook (≈1e-3); ≈0.3828 at 14000.
        Assert.Equal(0.3828, r.Costs![14000], 2e-3);
    }

    [Fact]
    public void C2W1_he_initialization_matches_every_published_cost()
    {
        double[] expected = [0.8830537463419761, 0.6879825919728063, 0.6751286264523371, 0.6526117768893807, 0.6082958970572938,
            0.5304944491717495, 0.4138645817071794, 0.3117803464844441, 0.23696215330322562, 0.18597287209206836, 0.1501555628037182,
            0.12325079292273548, 0.09917746546525937, 0.0845705595402428, 0.07357895962677366];
        var r = Run("c2w1-init-he", "circles_train.csv");
        for (int i = 0; i < expected.Length; i++)
            AssertCost(expected[i], r, 1000 * i);
        Assert.Equal(298.0 / 300, r.TrainAccuracy);
        Assert.Equal(0.96, r.TestAccuracy);
    }

    [Theory]
    [InlineData("c2w1-reg-none", 0.6557412523481002, 0.16329987525724216, 0.13851642423255986, 200.0 / 211, 0.915)]
    [InlineData("c2w1-reg-l2", 0.6974484493131264, 0.2684918873282239, 0.2680916337127301, 198.0 / 211, 0.93)]
    [InlineData("c2w1-reg-dropout", 0.6543912405149825, 0.06101698657490559, 0.060582435798513114, 196.0 / 211, 0.95)]
    public void C2W1_regularization_matches_the_published_costs_and_accuracies(string name, double c0, double c10000, double c20000, double train, double test)
    {
        var r = Run(name, "football_train.csv");
        AssertCost(c0, r, 0);
        AssertCost(c10000, r, 10000);
        AssertCost(c20000, r, 20000);
        Assert.Equal(train, r.TrainAccuracy);
        Assert.Equal(test, r.TestAccuracy);
    }

    [Fact]
    public void C2W1_gradient_check_passes_and_catches_the_planted_bugs()
    {
        var r = Run("c2w1-gradcheck", "gradcheck_case.json");
        Assert.True(r.Values["relative_difference"] < 2e-7, $"{r.Values["relative_difference"]}");
        // Published 0.2850931567…; REFERENCE.md: operation order moves it at the ~1e-3 relative level.
        Assert.Equal(0.2850931567761623, r.Values["relative_difference_buggy"], 1e-4);
    }

    [Theory]
    [InlineData("c2w2-moons-gd-v17", new[] { 0.690736, 0.685273, 0.647072, 0.619525, 0.576584, 0.607243, 0.529403, 0.460768, 0.465586, 0.464518 }, 239.0 / 300)]
    [InlineData("c2w2-moons-momentum-v17", new[] { 0.690741, 0.685341, 0.647145, 0.619594, 0.576665, 0.607324, 0.529476, 0.460936, 0.465780, 0.464740 }, 239.0 / 300)]
    [InlineData("c2w2-moons-adam-v17", new[] { 0.690552 }, 0.94)] // later published costs come from differing student Adams
    [InlineData("c2w2-moons-gd-v21", new[] { 0.702405, 0.668101, 0.635288, 0.600491, 0.573367 }, 0.7166666666666667)]
    [InlineData("c2w2-moons-momentum-v21", new[] { 0.702413, 0.668167, 0.635388, 0.600591, 0.573444 }, 0.7166666666666667)]
    [InlineData("c2w2-moons-adam-v21", new[] { 0.702166, 0.167845, 0.141316, 0.138788, 0.136066 }, 0.9433333333333334)]
    [InlineData("c2w2-decay-gd-every-epoch", new[] { 0.701091, 0.661884, 0.658620, 0.656765, 0.655486 }, 0.6533333333333333)]
    [InlineData("c2w2-decay-gd-interval", new[] { 0.701091, 0.127161, 0.120304, 0.117033, 0.117512 }, 0.9433333333333334)]
    [InlineData("c2w2-decay-momentum-interval", new[] { 0.702226, 0.128974, 0.125965, 0.123375, 0.123218 }, 0.9533333333333334)]
    [InlineData("c2w2-decay-adam-interval", new[] { 0.699346, 0.130074, 0.129826, 0.129282, 0.128361 }, 0.94)]
    public void C2W2_optimizers_and_decay_match_every_printed_cost_and_accuracy(string name, double[] printed, double accuracy)
    {
        var r = Run(name, "moons_train.csv");
        for (int i = 0; i < printed.Length; i++)
        {
            double actual = r.Costs![1000 * i];
            Assert.True(Math.Abs(Math.Round(actual, 6) - printed[i]) < 1e-9, $"{name}: cost at epoch {1000 * i} is {actual:R}, printed {printed[i]:F6}.");
        }
        Assert.Equal(accuracy, r.TrainAccuracy!.Value, 1e-12);
    }

    [Fact]
    public void C2W2_decay_prints_the_course_learning_rates()
    {
        var every = Run("c2w2-decay-gd-every-epoch", "moons_train.csv").LearningRates!;
        Assert.Equal(0.1, every[0]);
        Assert.Equal(0.0001, every[1000], 1e-6);
        Assert.Equal(0.00005, every[2000], 1e-7);
        Assert.Equal(0.000033, every[3000], 1e-6);
        Assert.Equal(0.000025, every[4000], 1e-7);
        var interval = Run("c2w2-decay-adam-interval", "moons_train.csv").LearningRates!;
        Assert.Equal([0.01, 0.005, 0.01 / 3, 0.0025, 0.002], interval.Values);
    }

    private static void AssertCost(double expected, ExperimentResult r, int iteration)
    {
        double actual = r.Costs![iteration];
        Assert.True(Math.Abs(actual - expected) <= 1e-9, $"{r.Name}: cost at {iteration} is {actual:R}; the course published {expected:R}.");
    }

    private static ExperimentResult Run(string name, string requiredFile)
    {
        string folder = Path.GetDirectoryName(CourseData.Require(requiredFile))!;
        return Course2Experiments.All.Single(e => e.Name == name).Run(folder);
    }
}
