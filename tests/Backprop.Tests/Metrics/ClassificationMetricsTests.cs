using Backprop.Metrics;
using Backprop.Tensors;

namespace Backprop.Tests.Metrics;

public class ClassificationMetricsTests
{
    // Three classes, ten examples. Counts [true, predicted]:
    //   true 0: 2 0, 1 1        → support 3
    //   true 1: 2 1, 1 2        → support 3
    //   true 2: 1 1, 3 2        → support 4
    // Predicted column sums: 2, 4, 4. Diagonal 2 + 2 + 3 = 7.
    private static readonly int[] Actual = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
    private static readonly int[] Predicted = [0, 1, 0, 1, 2, 2, 2, 1, 2, 1];

    [Fact]
    public void Confusion_matrix_counts_a_small_example_by_hand()
    {
        var confusion = ConfusionMatrix.From(Predicted, Actual, 3);
        int[,] expected = { { 2, 1, 0 }, { 0, 2, 1 }, { 0, 1, 3 } };
        for (int a = 0; a < 3; a++)
            for (int p = 0; p < 3; p++)
                Assert.Equal(expected[a, p], confusion[a, p]);
        Assert.Equal(10, confusion.Total);
        Assert.Equal(0.7, confusion.Accuracy, 1e-15);
        Assert.Equal([3, 3, 4], Enumerable.Range(0, 3).Select(confusion.Support));
        Assert.Equal([2, 4, 4], Enumerable.Range(0, 3).Select(confusion.PredictedCount));
    }

    [Fact]
    public void Per_class_and_averaged_precision_recall_f1_match_hand_values()
    {
        var c = ConfusionMatrix.From(Predicted, Actual, 3);
        // Precision: 2/2, 2/4, 3/4. Recall: 2/3, 2/3, 3/4.
        Assert.Equal(1.0, c.Precision(0), 1e-15);
        Assert.Equal(0.5, c.Precision(1), 1e-15);
        Assert.Equal(0.75, c.Precision(2), 1e-15);
        Assert.Equal(2.0 / 3, c.Recall(0), 1e-15);
        Assert.Equal(2.0 / 3, c.Recall(1), 1e-15);
        Assert.Equal(0.75, c.Recall(2), 1e-15);
        // F1: 2·1·(2/3)/(5/3) = 0.8; 2·0.5·(2/3)/(7/6) = 4/7; 0.75.
        Assert.Equal(0.8, c.F1Score(0), 1e-15);
        Assert.Equal(4.0 / 7, c.F1Score(1), 1e-15);
        Assert.Equal(0.75, c.F1Score(2), 1e-15);

        Assert.Equal(0.75, c.MacroPrecision, 1e-15);
        Assert.Equal(25.0 / 36, c.MacroRecall, 1e-15);
        Assert.Equal((0.8 + 4.0 / 7 + 0.75) / 3, c.MacroF1Score, 1e-15);
        Assert.Equal(0.75, c.WeightedPrecision, 1e-15); // (3·1 + 3·0.5 + 4·0.75) / 10
        Assert.Equal(0.7, c.WeightedRecall, 1e-15);     // equals accuracy
        Assert.Equal((3 * 0.8 + 3 * 4.0 / 7 + 4 * 0.75) / 10, c.WeightedF1Score, 1e-15);
    }

    [Fact]
    public void Report_lists_each_class_with_support_and_renders_a_table()
    {
        var report = ClassificationReport.From(Predicted, Actual, 3, ["cat", "dog", "bird"]);
        Assert.Equal(3, report.Classes.Count);
        var dog = report.Classes[1];
        Assert.Equal((1, "dog", 3), (dog.Class, dog.Name, dog.Support));
        Assert.Equal(0.5, dog.Precision, 1e-15);
        Assert.Equal(2.0 / 3, dog.Recall, 1e-15);
        Assert.Equal(4.0 / 7, dog.F1Score, 1e-15);
        Assert.Equal(0.7, report.Accuracy, 1e-15);
        Assert.Equal(10, report.MacroAverage.Support);
        string text = report.ToString();
        Assert.Contains("dog", text);
        Assert.Contains("0.5000", text);
        Assert.Contains("0.5714", text); // 4/7
        Assert.Contains("accuracy", text);

        string table = ConfusionMatrix.From(Predicted, Actual, 3, ["cat", "dog", "bird"]).ToString();
        string[] lines = table.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("true \\ predicted", lines[0]);
        Assert.Equal(["bird", "0", "1", "3"], lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void One_hot_overload_takes_the_argmax_of_each_column()
    {
        var p = Matrix<double>.FromArray(new double[,] { { 0.7, 0.1, 0.2 }, { 0.2, 0.8, 0.3 }, { 0.1, 0.1, 0.5 } });
        var y = Matrix<double>.FromArray(new double[,] { { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } });
        var c = ConfusionMatrix.FromOneHot(p, y);
        Assert.Equal(1, c[0, 0]);
        Assert.Equal(1, c[2, 1]);
        Assert.Equal(1, c[1, 2]);
        Assert.Equal(1.0 / 3, c.Accuracy, 1e-15);
    }

    [Fact]
    public void Binary_precision_recall_f1_match_hand_values()
    {
        int[] predicted = [1, 1, 1, 0, 0, 1, 0, 0];
        int[] actual = [1, 0, 1, 1, 0, 1, 0, 1];
        // TP = 3 (0, 2, 5), FP = 1 (1), FN = 2 (3, 7).
        Assert.Equal(0.75, BinaryMetrics.Precision(predicted, actual), 1e-15);
        Assert.Equal(0.6, BinaryMetrics.Recall(predicted, actual), 1e-15);
        Assert.Equal(2.0 / 3, BinaryMetrics.F1Score(predicted, actual), 1e-15); // 2·0.75·0.6 / 1.35
    }

    [Fact]
    public void F1_is_the_harmonic_mean_the_course_uses_to_pick_classifier_A()
    {
        // Course: A has P 95 %, R 90 % → F1 92.4 %; B has P 98 %, R 85 % → F1 91.0 %.
        double a = BinaryMetrics.F1Score(0.95, 0.90), b = BinaryMetrics.F1Score(0.98, 0.85);
        Assert.Equal(0.924, a, 1e-3);
        Assert.Equal(0.910, b, 1e-3);
        Assert.True(a > b);
        Assert.Equal(0.0, BinaryMetrics.F1Score(0, 0));
        Assert.Equal(0.0, BinaryMetrics.Precision([0, 0], [1, 0])); // nothing predicted positive
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.F1Score(1.2, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.F1Score(0.5, double.NaN));
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([], [], 3));
        var mismatch = Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 1], [0, 1, 2], 3));
        Assert.Contains("2 predicted labels but 3 true labels", mismatch.Message);
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.From([0, 3], [0, 1], 3));
        Assert.Equal("predicted", outside.ParamName);
        Assert.Contains("[0, 3)", outside.Message);
        Assert.Equal("actual", Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.From([0, 1], [-1, 1], 3)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.Precision([0, 2], [0, 1]));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Recall([], []));
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 1], [0, 1], 2, ["only one"]));
    }
}
