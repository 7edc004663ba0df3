using Backprop.Data;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Tests.Data;

public class NormalizerTests
{
    // Features on very different scales and offsets, as raw inputs usually are.
    private static Matrix<double> RawFeatures(int m, ulong seed)
    {
        var random = new FastRandom(seed);
        double[] offsets = [0, 1000, -3.5, 1e-3, 250];
        double[] scales = [1, 40, 0.01, 1e-4, 300];
        var x = new Matrix<double>(offsets.Length, m);
        for (int i = 0; i < x.Rows; i++)
            for (int j = 0; j < m; j++)
                x[i, j] = offsets[i] + scales[i] * random.NextGaussian();
        return x;
    }

    private static (double Mean, double Variance) RowMoments(Matrix<double> x, int row)
    {
        double[] values = x.Row(row).ToArray();
        double mean = values.Average();
        return (mean, values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    [Fact]
    public void Normalized_training_features_have_mean_0_and_variance_1_with_epsilon_0()
    {
        var x = RawFeatures(1000, 1);

        var normalized = Normalizer.Fit(x, epsilon: 0).Transform(x);

        for (int i = 0; i < x.Rows; i++)
        {
            var (mean, variance) = RowMoments(normalized, i);
            Assert.InRange(mean, -1e-12, 1e-12);
            Assert.InRange(variance, 1 - 1e-12, 1 + 1e-12);
        }
    }

    [Fact]
    public void With_the_default_epsilon_the_variance_is_sigma2_over_sigma2_plus_epsilon()
    {
        var x = RawFeatures(1000, 2);

        var normalizer = Normalizer.Fit(x);
        var normalized = normalizer.Transform(x);

        Assert.Equal(1e-8, normalizer.Epsilon);
        for (int i = 0; i < x.Rows; i++)
        {
            var (mean, variance) = RowMoments(normalized, i);
            double sigma2 = normalizer.Variance[i];
            Assert.InRange(mean, -1e-12, 1e-12);
            Assert.Equal(sigma2 / (sigma2 + 1e-8), variance, 1e-12);
        }
    }

    [Fact]
    public void Fitted_statistics_match_the_two_pass_definition()
    {
        var x = RawFeatures(777, 3);

        var normalizer = Normalizer.Fit(x);

        for (int i = 0; i < x.Rows; i++)
        {
            var (mean, variance) = RowMoments(x, i);
            Assert.Equal(mean, normalizer.Mean[i], Math.Abs(mean) * 1e-14 + 1e-300);
            Assert.Equal(variance, normalizer.Variance[i], variance * 1e-12);
        }
    }

    [Fact]
    public void Dev_set_is_transformed_with_the_training_statistics()
    {
        // Feature 0: μ = 2.5, σ² = (2.25 + 0.25 + 0.25 + 2.25)/4 = 1.25. Feature 1: μ = 15, σ² = 25.
        var train = Matrix<double>.FromArray(new double[,] { { 1, 2, 3, 4 }, { 10, 10, 20, 20 } });
        var dev = Matrix<double>.FromArray(new double[,] { { 0, 5 }, { 15, 30 } });

        var normalizer = Normalizer.Fit(train);
        var devNorm = normalizer.Transform(dev);

        Assert.Equal([2.5, 15], normalizer.Mean);
        Assert.Equal([1.25, 25], normalizer.Variance);
        double sd0 = Math.Sqrt(1.25 + 1e-8), sd1 = Math.Sqrt(25 + 1e-8);
        Assert.Equal(Bits([(0 - 2.5) / sd0, (5 - 2.5) / sd0, (15 - 15) / sd1, (30 - 15) / sd1]), Bits(devNorm.Span.ToArray()));
        // The dev set's own statistics (μ = 2.5 and 22.5) were not used: its second feature is not centred.
        Assert.NotEqual(0, devNorm[1, 0] + devNorm[1, 1]);
        Assert.Equal([0.0, 5, 15, 30], dev.Span.ToArray());
    }

    [Fact]
    public void A_constant_feature_has_variance_0_and_maps_to_0_in_every_set()
    {
        var train = Matrix<double>.FromArray(new double[,] { { 0.1, 0.1, 0.1 }, { 1, 2, 3 } });
        var dev = Matrix<double>.FromArray(new double[,] { { 0.7, -5 }, { 2, 2 } });

        var normalizer = Normalizer.Fit(train);

        Assert.Equal(0.1, normalizer.Mean[0]);
        Assert.Equal(0.0, normalizer.Variance[0]);
        Assert.Equal([0.0, 0, 0], normalizer.Transform(train).Row(0).ToArray());
        Assert.Equal([0.0, 0], normalizer.Transform(dev).Row(0).ToArray());
        Assert.All(normalizer.Transform(dev).Span.ToArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Rebuilding_from_saved_statistics_gives_identical_bits()
    {
        var train = RawFeatures(300, 4);
        var dev = RawFeatures(50, 5);
        var fitted = Normalizer.Fit(train, epsilon: 1e-6);

        var rebuilt = new Normalizer(fitted.Mean.ToArray(), fitted.Variance.ToArray(), fitted.Epsilon);

        Assert.Equal(fitted.Features, rebuilt.Features);
        Assert.Equal(Bits(fitted.Transform(dev).Span.ToArray()), Bits(rebuilt.Transform(dev).Span.ToArray()));
        Assert.Equal(Bits(fitted.Transform(train.Convert<float>()).Span.ToArray()), Bits(rebuilt.Transform(train.Convert<float>()).Span.ToArray()));
    }

    [Fact]
    public void Float_statistics_are_accumulated_in_double_and_normalize_to_mean_0_variance_1()
    {
        var x = RawFeatures(5000, 6).Convert<float>();

        var normalizer = Normalizer.Fit(x, epsilon: 0);
        var normalized = normalizer.Transform(x).Convert<double>();

        // Widening the floats first and fitting in double gives the same statistics to the bit.
        var fromDouble = Normalizer.Fit(x.Convert<double>(), epsilon: 0);
        Assert.Equal(Bits([.. fromDouble.Mean]), Bits([.. normalizer.Mean]));
        Assert.Equal(Bits([.. fromDouble.Variance]), Bits([.. normalizer.Variance]));
        for (int i = 0; i < x.Rows; i++)
        {
            var (mean, variance) = RowMoments(normalized, i);
            Assert.InRange(mean, -1e-6, 1e-6);
            Assert.InRange(variance, 1 - 1e-6, 1 + 1e-6);
        }
    }

    [Fact]
    public void Float_transform_rounds_the_double_result_once()
    {
        var x = Matrix<float>.FromArray(new double[,] { { 1, 2, 4, 8.5 } });
        var normalizer = Normalizer.Fit(x);

        var normalized = normalizer.Transform(x);

        double sd = Math.Sqrt(normalizer.Variance[0] + normalizer.Epsilon);
        Assert.Equal(x.Span.ToArray().Select(v => (float)((v - normalizer.Mean[0]) / sd)), normalized.Span.ToArray());
    }

    [Fact]
    public void In_place_and_dataset_transforms_agree_with_transform()
    {
        var x = RawFeatures(40, 7);
        var y = new Matrix<double>(1, 40);
        var normalizer = Normalizer.Fit(new Dataset<double>(x, y));
        var expected = normalizer.Transform(x).Span.ToArray();

        var data = normalizer.Transform(new Dataset<double>(x, y, ["no", "yes"]));
        var copy = x.Clone();
        normalizer.TransformInPlace(copy);

        Assert.Equal(Bits(expected), Bits(copy.Span.ToArray()));
        Assert.Equal(Bits(expected), Bits(data.X.Span.ToArray()));
        Assert.Same(y, data.Y);
        Assert.Equal(["no", "yes"], data.ClassNames);
        Assert.Equal(0, normalizer.Transform(new Matrix<double>(5, 0)).Length);
    }

    [Fact]
    public void Feature_count_mismatch_names_both_counts()
    {
        var normalizer = Normalizer.Fit(RawFeatures(10, 8));

        var error = Assert.Throws<ShapeMismatchException>(() => normalizer.Transform(new Matrix<float>(3, 4)));

        Assert.Contains("5 features", error.Message);
        Assert.Contains("[3, 4] with 3 features", error.Message);
    }

    [Fact]
    public void Fitting_an_empty_set_or_a_set_without_features_throws()
    {
        var noExamples = Assert.Throws<ArgumentException>(() => Normalizer.Fit(new Matrix<double>(4, 0)));
        var noFeatures = Assert.Throws<ArgumentException>(() => Normalizer.Fit(new Matrix<double>(0, 4)));

        Assert.Contains("empty set", noExamples.Message);
        Assert.Contains("[4, 0]", noExamples.Message);
        Assert.Contains("no features", noFeatures.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_inputs_name_the_feature_and_the_example(double bad)
    {
        var x = RawFeatures(6, 9);
        x[3, 4] = bad;
        var normalizer = Normalizer.Fit(RawFeatures(6, 10));
        var before = Bits(x.Span.ToArray());

        var fitError = Assert.Throws<ArgumentException>(() => Normalizer.Fit(x.Convert<float>()));
        var transformError = Assert.Throws<ArgumentException>(() => normalizer.TransformInPlace(x));

        Assert.Contains("feature 3, example 4", fitError.Message);
        Assert.Contains("feature 3, example 4", transformError.Message);
        Assert.Equal(before, Bits(x.Span.ToArray()));
    }

    [Fact]
    public void Finite_values_whose_statistics_overflow_double_are_rejected()
    {
        var x = Matrix<double>.FromArray(new double[,] { { 1e308, 1.5e308, -1e308 } });

        var error = Assert.Throws<ArgumentException>(() => Normalizer.Fit(x));

        Assert.Contains("feature 0", error.Message);
    }

    [Fact]
    public void Constructor_rejects_bad_statistics()
    {
        var lengths = Assert.Throws<ArgumentException>(() => new Normalizer([1, 2, 3], [1, 1], 1e-8));
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new Normalizer([1, 2], [1, -0.5], 1e-8));
        var nanMean = Assert.Throws<ArgumentOutOfRangeException>(() => new Normalizer([double.NaN], [1], 1e-8));
        var infiniteVariance = Assert.Throws<ArgumentOutOfRangeException>(() => new Normalizer([0], [double.PositiveInfinity], 1e-8));
        var epsilon = Assert.Throws<ArgumentOutOfRangeException>(() => new Normalizer([0], [1], -1e-8));
        var empty = Assert.Throws<ArgumentException>(() => new Normalizer([], [], 1e-8));

        Assert.Contains("3 means but 2 variances", lengths.Message);
        Assert.Equal("variance", negative.ParamName);
        Assert.Contains("variance[1] is -0.5", negative.Message);
        Assert.Equal("mean", nanMean.ParamName);
        Assert.Equal("variance", infiniteVariance.ParamName);
        Assert.Equal("epsilon", epsilon.ParamName);
        Assert.Equal("mean", empty.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Normalizer.Fit(RawFeatures(3, 11), double.NaN));
    }

    [Fact]
    public void Statistics_cannot_be_changed_through_the_returned_lists()
    {
        double[] mean = [1, 2];
        var normalizer = new Normalizer(mean, [1, 4], 0);
        mean[0] = 99;

        Assert.Equal(1, normalizer.Mean[0]);
        Assert.False(normalizer.Mean is double[]);
        Assert.Equal("Normalizer(2 features, ε = 0)", normalizer.ToString());
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
