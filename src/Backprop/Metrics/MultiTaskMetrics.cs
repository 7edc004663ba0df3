using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Metrics;

/// <summary>The metrics of one task (one sigmoid output) of a multi-task network, over its present labels.</summary>
/// <param name="Task">The task's row in the output and in Y.</param>
/// <param name="Name">The task's name.</param>
/// <param name="Labelled">The number of examples with a label for this task.</param>
/// <param name="Missing">The number of examples whose label is missing (NaN).</param>
/// <param name="Accuracy">The fraction of labelled examples predicted correctly.</param>
/// <param name="Precision">TP / (TP + FP) over labelled examples; 0 when nothing is predicted positive.</param>
/// <param name="Recall">TP / (TP + FN) over labelled examples; 0 when no labelled example is positive.</param>
/// <param name="F1Score">2PR / (P + R); 0 when P + R = 0.</param>
public sealed record TaskMetrics(int Task, string Name, int Labelled, int Missing, double Accuracy, double Precision, double Recall, double F1Score);

/// <summary>Per-task accuracy, precision, recall and F1 of a multi-task network, ignoring missing (NaN) labels.</summary>
public static class MultiTaskMetrics
{
    /// <summary>Evaluates every task (row) of <paramref name="probabilities"/> against the labels present in <paramref name="y"/>.</summary>
    /// <param name="probabilities">Sigmoid outputs, [tasks, m].</param>
    /// <param name="y">Labels 0, 1 or NaN (missing), [tasks, m].</param>
    /// <param name="taskNames">A name per task; "task 0", "task 1", … when null.</param>
    /// <param name="threshold">Predict 1 when p &gt; threshold.</param>
    /// <returns>One entry per task, in row order.</returns>
    /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
    /// <exception cref="ArgumentException">A task has no label at all (its metrics would be undefined), a label
    /// is not 0, 1 or NaN, a probability is not finite, or the names are not one per task.</exception>
    public static IReadOnlyList<TaskMetrics> Evaluate<T>(Matrix<T> probabilities, Matrix<T> y, IReadOnlyList<string>? taskNames = null, double threshold = 0.5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(y);
        ShapeMismatchException.ThrowIfDifferent(y, probabilities, "predictions (one row per task)");
        if (taskNames is not null && taskNames.Count != y.Rows)
            throw new ArgumentException($"There are {taskNames.Count} task names for {y.Rows} tasks.", nameof(taskNames));
        var result = new TaskMetrics[y.Rows];
        for (int t = 0; t < y.Rows; t++)
        {
            string name = taskNames?[t] ?? $"task {t}";
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (int j = 0; j < y.Columns; j++)
            {
                T label = y[t, j];
                if (T.IsNaN(label))
                    continue;
                if (label != T.Zero && label != T.One)
                    throw new ArgumentException($"Task '{name}': Y[{t}, {j}] is {label}; labels must be 0, 1 or NaN (missing).", nameof(y));
                double p = double.CreateTruncating(probabilities[t, j]);
                if (!double.IsFinite(p))
                    throw new ArgumentException($"Task '{name}': prediction {j} is {p}; the network produced a non-finite output.", nameof(probabilities));
                bool positive = p > threshold, actual = label == T.One;
                if (positive && actual) tp++;
                else if (positive) fp++;
                else if (actual) fn++;
                else tn++;
            }
            int labelled = tp + fp + fn + tn;
            if (labelled == 0)
                throw new ArgumentException($"Task '{name}' (row {t}) has no labels at all; its metrics are undefined.", nameof(y));
            double precision = BinaryMetrics.Ratio(tp, tp + fp), recall = BinaryMetrics.Ratio(tp, tp + fn);
            result[t] = new TaskMetrics(t, name, labelled, y.Columns - labelled, (double)(tp + tn) / labelled,
                precision, recall, BinaryMetrics.F1Score(precision, recall));
        }
        return result;
    }
}
