using Backprop.Data;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Tests.Data;

public class DataSplitTests
{
    /// <summary>X row 0 holds the example's index, so every part's examples can be traced back.</summary>
    private static Dataset<double> Labelled(int[] labels, bool oneHot = false, int classes = 0, string[]? names = null)
    {
        int m = labels.Length;
        var x = new Matrix<double>(2, m);
        for (int j = 0; j < m; j++)
        {
            x[0, j] = j;
            x[1, j] = labels[j] * 10 + j;
        }
        var y = oneHot ? OneHot.Encode<double>(labels, classes) : new Matrix<double>(1, m, [.. labels.Select(l => (double)l)]);
        return new Dataset<double>(x, y, names);
    }

    private static int[] Indices(Dataset<double> part) => [.. Enumerable.Range(0, part.Count).Select(j => (int)part.X[0, j])];

    private static int[] ImbalancedLabels(int m, int classes, int seed)
    {
        var random = new Random(seed);
        // Skewed class sizes, so rounding matters in every class.
        return [.. Enumerable.Range(0, m).Select(_ => Math.Min(classes - 1, (int)(classes * Math.Pow(random.NextDouble(), 2))))];
    }

    [Theory]
    [InlineData(100, 0.6, 0.2, 0.2, 60, 20, 20)]
    [InlineData(101, 0.6, 0.2, 0.2, 61, 20, 20)]
    [InlineData(7, 0.5, 0.25, 0.25, 3, 2, 2)]
    [InlineData(10, 0.8, 0.2, 0, 8, 2, 0)]
    [InlineData(3, 0, 0, 1, 0, 0, 3)]
    public void Sizes_add_up_and_follow_the_ratios(int m, double train, double dev, double test, int eTrain, int eDev, int eTest)
    {
        Assert.Equal((eTrain, eDev, eTest), DataSplit.Sizes(m, new SplitRatios(train, dev, test)));
    }

    [Fact]
    public void Course_rule_switches_at_100000()
    {
        Assert.Equal(new SplitRatios(0.6, 0.2, 0.2), SplitRatios.ForSize(99_999));
        Assert.Equal(new SplitRatios(0.98, 0.01, 0.01), SplitRatios.ForSize(100_000));
        Assert.Equal((98_000, 1_000, 1_000), DataSplit.Sizes(100_000, SplitRatios.ForSize(100_000)));
    }

    [Theory]
    [InlineData(1000, 2, 1)]
    [InlineData(997, 3, 2)]
    [InlineData(333, 7, 3)]
    [InlineData(50, 5, 4)]
    public void Stratified_split_is_exact_complete_disjoint_and_keeps_class_proportions(int m, int classes, int seed)
    {
        int[] labels = ImbalancedLabels(m, classes, seed);
        var data = Labelled(labels, names: [.. Enumerable.Range(0, classes).Select(c => $"c{c}")]);

        var split = DataSplit.Split(data, new SplitRatios(0.6, 0.2, 0.2), new FastRandom((ulong)seed));

        var (eTrain, eDev, eTest) = DataSplit.Sizes(m, new SplitRatios(0.6, 0.2, 0.2));
        Assert.Equal([eTrain, eDev, eTest], new[] { split.Train.Count, split.Dev.Count, split.Test.Count });
        int[] all = [.. Indices(split.Train), .. Indices(split.Dev), .. Indices(split.Test)];
        Assert.Equal(Enumerable.Range(0, m), all.Order());
        Dataset<double>[] parts = [split.Train, split.Dev, split.Test];
        foreach (var part in parts)
        {
            Assert.Equal(data.ClassNames, part.ClassNames);
            // Each example keeps its own X and Y.
            for (int j = 0; j < part.Count; j++)
                Assert.Equal(labels[(int)part.X[0, j]], part.Y[0, j]);
        }
        for (int c = 0; c < classes; c++)
        {
            int inClass = labels.Count(l => l == c);
            foreach (var part in parts)
            {
                double share = (double)inClass * part.Count / m;
                int got = part.Y.Span.ToArray().Count(v => v == c);
                Assert.InRange(got, Math.Floor(share), Math.Ceiling(share));
            }
        }
    }

    [Fact]
    public void One_hot_labels_are_stratified_by_their_class()
    {
        int[] labels = ImbalancedLabels(200, 4, 11);
        var data = Labelled(labels, oneHot: true, classes: 4);

        var split = DataSplit.Split(data, new SplitRatios(0.5, 0.3, 0.2), new NumPyRandom(3));

        foreach (var part in new[] { split.Train, split.Dev, split.Test })
        {
            int[] partLabels = OneHot.ArgMax(part.Y);
            Assert.Equal(Indices(part).Select(i => labels[i]), partLabels);
            for (int c = 0; c < 4; c++)
            {
                double share = (double)labels.Count(l => l == c) * part.Count / 200;
                Assert.InRange(partLabels.Count(l => l == c), Math.Floor(share), Math.Ceiling(share));
            }
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var data = Labelled(ImbalancedLabels(300, 2, 5));

        var a = DataSplit.SplitBySize(data, new FastRandom(42));
        var b = DataSplit.SplitBySize(data, new FastRandom(42));
        var c = DataSplit.SplitBySize(data, new FastRandom(43));

        Assert.Equal(Indices(a.Train), Indices(b.Train));
        Assert.Equal(Indices(a.Dev), Indices(b.Dev));
        Assert.Equal(Indices(a.Test), Indices(b.Test));
        Assert.Equal(a.Train.X.Span.ToArray(), b.Train.X.Span.ToArray());
        Assert.NotEqual(Indices(a.Train), Indices(c.Train));
        Assert.Equal((180, 60, 60), (a.Train.Count, a.Dev.Count, a.Test.Count));
    }

    [Fact]
    public void Regression_targets_are_shuffled_plainly()
    {
        int m = 101;
        var x = new Matrix<double>(1, m, [.. Enumerable.Range(0, m).Select(j => (double)j)]);
        var y = new Matrix<double>(1, m, [.. Enumerable.Range(0, m).Select(j => j * 0.5 + 0.25)]);

        var split = DataSplit.Split(new Dataset<double>(x, y), new SplitRatios(0.6, 0.2, 0.2), new FastRandom(9));

        Assert.Equal((61, 20, 20), (split.Train.Count, split.Dev.Count, split.Test.Count));
        int[] all = [.. Indices(split.Train), .. Indices(split.Dev), .. Indices(split.Test)];
        Assert.Equal(Enumerable.Range(0, m), all.Order());
        Assert.NotEqual(Enumerable.Range(0, 61), Indices(split.Train));
        for (int j = 0; j < split.Dev.Count; j++)
            Assert.Equal(split.Dev.X[0, j] * 0.5 + 0.25, split.Dev.Y[0, j]);
    }

    [Theory]
    [InlineData(-0.1, 0.6, 0.5, "train", "-0.1")]
    [InlineData(0.6, double.NaN, 0.2, "dev", "NaN")]
    [InlineData(0.6, 0.2, 0.3, "ratios", "1.1")]
    [InlineData(0.6, 0.2, 0.1999999, "ratios", "0.9999999")]
    public void Bad_ratios_are_rejected_naming_the_value(double train, double dev, double test, string parameter, string value)
    {
        var data = Labelled(ImbalancedLabels(20, 2, 1));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DataSplit.Split(data, new SplitRatios(train, dev, test), new FastRandom(1)));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ratios_within_1e_9_of_one_are_accepted()
    {
        Assert.Equal((6, 2, 2), DataSplit.Sizes(10, new SplitRatios(0.6, 0.2, 0.2 + 5e-10)));
    }

    [Fact]
    public void A_part_left_empty_by_too_few_examples_is_an_error()
    {
        var data = Labelled([0, 1]);

        var error = Assert.Throws<ArgumentException>(() => DataSplit.Split(data, new SplitRatios(0.6, 0.2, 0.2), new FastRandom(1)));

        Assert.Contains("the test part", error.Message, StringComparison.Ordinal);
    }
}
