using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Metrics;

/// <summary>Classification accuracy: the fraction of examples whose predicted label equals the true one.</summary>
public static class Accuracy
{
    /// <summary>
    /// Binary accuracy: the prediction for example j is 1 when <c>probabilities[0, j] &gt; threshold</c>
    /// (strictly, as the course's <c>A &gt; 0.5</c>), else 0.
    /// </summary>
    /// <param name="probabilities">Sigmoid outputs, [1, m].</param>
    /// <param name="y">True labels in {0, 1}, [1, m].</param>
    /// <param name="threshold">The decision threshold, 0.5 by default.</param>
    /// <returns>The fraction correct, in [0, 1].</returns>
    /// <exception cref="ShapeMismatchException">The shapes differ or are not a single row.</exception>
    /// <exception cref="ArgumentException">A probability is NaN or infinite, a label is not 0 or 1, or the set is empty.</exception>
    public static double Binary<T>(Matrix<T> probabilities, Matrix<T> y, double threshold = 0.5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(y);
        ShapeMismatchException.ThrowIfDifferent(y, probabilities, "predictions");
        if (y.Rows != 1)
            throw new ShapeMismatchException($"Binary accuracy needs one row of probabilities and labels; got {y.ShapeText}.");
        if (y.Length == 0)
            throw new ArgumentException("Accuracy of an empty set is undefined.", nameof(y));
        T t = T.CreateTruncating(threshold);
        var p = probabilities.Span;
        var labels = y.Span;
        int correct = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (!T.IsFinite(p[i]))
                throw new ArgumentException($"Prediction {i} is {p[i]}; the network produced a non-finite output (check the inputs for NaN/∞).", nameof(probabilities));
            if (labels[i] != T.Zero && labels[i] != T.One)
                throw new ArgumentException($"Binary accuracy needs labels 0 or 1; Y[0, {i}] is {labels[i]}.", nameof(y));
            T predicted = p[i] > t ? T.One : T.Zero;
            if (predicted == labels[i])
                correct++;
        }
        return (double)correct / p.Length;
    }

    /// <summary>Labels at a threshold: 1 where <c>probabilities &gt; threshold</c>, else 0, as a new matrix.</summary>
    public static Matrix<T> Labels<T>(Matrix<T> probabilities, double threshold = 0.5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var result = new Matrix<T>(probabilities.Rows, probabilities.Columns);
        T t = T.CreateTruncating(threshold);
        var p = probabilities.Span;
        var r = result.Span;
        for (int i = 0; i < p.Length; i++)
            r[i] = p[i] > t ? T.One : T.Zero;
        return result;
    }

    /// <summary>
    /// Multi-class accuracy: the predicted class of example j is the row of its largest probability,
    /// compared with the row holding the 1 of its one-hot label.
    /// </summary>
    /// <param name="probabilities">Softmax outputs, [C, m].</param>
    /// <param name="oneHot">One-hot labels, [C, m].</param>
    /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
    /// <exception cref="ArgumentException">A probability is not finite, or the set is empty.</exception>
    public static double Categorical<T>(Matrix<T> probabilities, Matrix<T> oneHot)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(oneHot);
        ShapeMismatchException.ThrowIfDifferent(oneHot, probabilities, "predictions");
        if (oneHot.Columns == 0)
            throw new ArgumentException("Accuracy of an empty set is undefined.", nameof(oneHot));
        foreach (var p in probabilities.Span)
            if (!T.IsFinite(p))
                throw new ArgumentException($"A prediction is {p}; the network produced a non-finite output (check the inputs for NaN/∞).", nameof(probabilities));
        int[] predicted = Data.OneHot.ArgMax(probabilities);
        int[] actual = Data.OneHot.ArgMax(oneHot);
        int correct = 0;
        for (int j = 0; j < predicted.Length; j++)
            if (predicted[j] == actual[j])
                correct++;
        return (double)correct / predicted.Length;
    }
}
