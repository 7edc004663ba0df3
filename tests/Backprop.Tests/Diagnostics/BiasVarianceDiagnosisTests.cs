using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Tests.Diagnostics;

public class BiasVarianceDiagnosisTests
{
    [Fact]
    public void Bias_dominates_human_1_train_8_traindev_10_dev_12()
    {
        var d = BiasVarianceDiagnosis.Diagnose(humanLevel: 0.01, training: 0.08, dev: 0.12, trainDev: 0.10);
        Assert.Equal(0.07, d.AvoidableBias, 1e-12);
        Assert.Equal(0.02, d.Variance, 1e-12);
        Assert.Equal(0.02, d.DataMismatch!.Value, 1e-12);
        Assert.Null(d.DevOverfitting);
        Assert.Equal(Problem.AvoidableBias, d.Dominant);
        Assert.Contains(d.Recipe, s => s.Contains("bigger network", StringComparison.Ordinal));
        Assert.Contains(d.Recipe, s => s.Contains("better optimization", StringComparison.Ordinal));
        Assert.Contains("dominant: AvoidableBias", d.ToString());
    }

    [Fact]
    public void Variance_dominates_human_0_train_1_traindev_9_dev_10()
    {
        var d = BiasVarianceDiagnosis.Diagnose(0, 0.01, 0.10, trainDev: 0.09);
        Assert.Equal(0.01, d.AvoidableBias, 1e-12);
        Assert.Equal(0.08, d.Variance, 1e-12);
        Assert.Equal(0.01, d.DataMismatch!.Value, 1e-12);
        Assert.Equal(Problem.Variance, d.Dominant);
        Assert.Contains(d.Recipe, s => s.Contains("more training data", StringComparison.Ordinal));
        Assert.Contains(d.Recipe, s => s.Contains("dropout", StringComparison.Ordinal));
    }

    [Fact]
    public void Data_mismatch_dominates_human_0_train_1_traindev_15_dev_10()
    {
        var d = BiasVarianceDiagnosis.Diagnose(0, 0.01, 0.10, trainDev: 0.015);
        Assert.Equal(0.005, d.Variance, 1e-12);
        Assert.Equal(0.085, d.DataMismatch!.Value, 1e-12);
        Assert.Equal(Problem.DataMismatch, d.Dominant);
        Assert.Contains(d.Recipe, s => s.Contains("error analysis", StringComparison.Ordinal));
        Assert.Contains(d.Recipe, s => s.Contains("artificial data synthesis", StringComparison.Ordinal));
    }

    [Fact]
    public void Dev_overfitting_dominates_when_test_is_far_above_dev()
    {
        var d = BiasVarianceDiagnosis.Diagnose(0.01, 0.015, 0.025, trainDev: 0.02, test: 0.06);
        Assert.Equal(0.035, d.DevOverfitting!.Value, 1e-12);
        Assert.Equal(Problem.DevOverfitting, d.Dominant);
        Assert.Contains("bigger dev set", Assert.Single(d.Recipe));
    }

    [Fact]
    public void Without_train_dev_variance_is_dev_minus_train_and_mismatch_is_unknown()
    {
        var d = BiasVarianceDiagnosis.Diagnose(0.01, 0.02, 0.10);
        Assert.Equal(0.08, d.Variance, 1e-12);
        Assert.Null(d.DataMismatch);
        Assert.Equal(Problem.Variance, d.Dominant);
        Assert.Contains("variance (incl. data mismatch)", d.ToString());
    }

    [Fact]
    public void Equal_gaps_name_the_lower_rung_and_no_positive_gap_names_none()
    {
        Assert.Equal(Problem.AvoidableBias, BiasVarianceDiagnosis.Diagnose(0.0, 0.05, 0.10).Dominant);
        var none = BiasVarianceDiagnosis.Diagnose(0.05, 0.05, 0.04, trainDev: 0.05);
        Assert.Equal(Problem.None, none.Dominant);
        Assert.Equal(-0.01, none.DataMismatch!.Value, 1e-12);
    }

    [Theory]
    [InlineData(-0.01, 0.1, 0.1, null, null, "HumanLevel")]
    [InlineData(0.01, 1.5, 0.1, null, null, "Training")]
    [InlineData(0.01, 0.1, 0.1, -0.2, null, "TrainDev")]
    [InlineData(0.01, 0.1, double.NaN, null, null, "Dev")]
    [InlineData(0.01, 0.1, 0.1, null, 1.01, "Test")]
    public void Rates_outside_0_1_are_errors_naming_the_field(double human, double train, double dev, double? trainDev, double? test, string field)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => BiasVarianceDiagnosis.Diagnose(human, train, dev, trainDev, test));
        Assert.Equal(field, ex.ParamName);
        Assert.Contains(field, ex.Message);
    }

    private static Dataset<double> Numbered(int m, int offset = 0)
    {
        var x = new Matrix<double>(2, m);
        var y = new Matrix<double>(1, m);
        for (int j = 0; j < m; j++)
        {
            x[0, j] = j + offset;
            x[1, j] = -(j + offset);
            y[0, j] = j % 2;
        }
        return new Dataset<double>(x, y);
    }

    [Fact]
    public void Train_dev_is_carved_disjoint_reproducible_and_complete()
    {
        var data = Numbered(10);
        var split = TrainDevSplit.Carve(data, 0.3, new FastRandom(5));
        Assert.Equal(3, split.TrainDev.Count);
        Assert.Equal(7, split.Train.Count);
        var trainIds = Enumerable.Range(0, 7).Select(j => split.Train.X[0, j]).ToArray();
        var heldIds = Enumerable.Range(0, 3).Select(j => split.TrainDev.X[0, j]).ToArray();
        Assert.Empty(trainIds.Intersect(heldIds));
        Assert.Equal(Enumerable.Range(0, 10).Select(j => (double)j), trainIds.Concat(heldIds).Order());
        // Labels travel with their examples.
        for (int j = 0; j < 3; j++)
            Assert.Equal(split.TrainDev.X[0, j] % 2, split.TrainDev.Y[0, j]);
        var again = TrainDevSplit.Carve(data, 0.3, new FastRandom(5));
        Assert.Equal(heldIds, Enumerable.Range(0, 3).Select(j => again.TrainDev.X[0, j]));
    }

    [Fact]
    public void A_train_dev_set_that_overlaps_dev_is_an_error()
    {
        var data = Numbered(10);
        Assert.Throws<ArgumentException>(() => TrainDevSplit.Carve(data, 0.5, new FastRandom(1), dev: Numbered(20)));
        var fine = TrainDevSplit.Carve(data, 0.5, new FastRandom(1), dev: Numbered(5, offset: 100));
        Assert.Equal(5, fine.TrainDev.Count);
        Assert.Equal("dev", Assert.Throws<ArgumentException>(() => TrainDevSplit.RequireDisjoint(fine.TrainDev, fine.TrainDev)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainDevSplit.Carve(data, 0, new FastRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainDevSplit.Carve(data, 1, new FastRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainDevSplit.Carve(Numbered(1), 0.5, new FastRandom(1)));
    }
}
