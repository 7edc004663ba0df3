using System.Numerics;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Data.Augmentation;

/// <summary>
/// A pipeline of augmentation steps applied, in order, to every example of a batch (the columns of X, or the
/// rows of a batch held example by example), producing new training examples from a seeded random source.
/// </summary>
/// <remarks>
/// <para>For each column j of X [n_x, m], in order, this effectively computes
/// x⁽ʲ⁾ ← step_k(… step_1(x⁽ʲ⁾)), every step drawing from the same <see cref="IRandomSource"/>. The draws
/// therefore depend only on the source's state, the steps and the batch's shape, so the same seed
/// reproduces the augmented batch bit for bit.</para>
/// <para>Steps work in double on a contiguous copy of each column; the result is rounded back to T once.
/// The copy and the steps' scratch space are kept and reused, so after the first call with a given n_x
/// applying the pipeline allocates nothing. For the same reason an instance is not thread-safe.</para>
/// <para>Augment only the training set: the dev and test sets should look like the data the model will
/// meet, not like its training-time variations.</para>
/// <example><code>
/// var augmenter = new Augmenter(new ImageShape(64, 64, 3),
///     new HorizontalFlip(), new RandomCrop(0.85, 1), new SmallRotation(10), new GaussianNoise(0.01));
/// augmenter.Apply(batchX, random);   // in place, once per mini-batch
/// </code></example>
/// </remarks>
public sealed class Augmenter
{
    private readonly IAugmentation[] _steps;
    private double[] _example = [];
    private double[] _scratch = [];

    /// <summary>Creates a pipeline for tabular data (feature vectors without an image layout).</summary>
    /// <param name="steps">The steps, applied in order; none may require an image.</param>
    /// <exception cref="ArgumentException">A step requires an image shape.</exception>
    public Augmenter(params IReadOnlyList<IAugmentation> steps)
    {
        _steps = CheckSteps(steps, null);
    }

    /// <summary>Creates a pipeline for images flattened in C order.</summary>
    /// <param name="shape">The layout of each column; X must have shape.Length rows.</param>
    /// <param name="steps">The steps, applied in order.</param>
    public Augmenter(ImageShape shape, params IReadOnlyList<IAugmentation> steps)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        _steps = CheckSteps(steps, shape);
    }

    /// <summary>The image layout of each example, or null for tabular data.</summary>
    public ImageShape? Shape { get; }

    /// <summary>The steps, in the order they are applied.</summary>
    public IReadOnlyList<IAugmentation> Steps => _steps;

    /// <summary>Augments every column of X in place.</summary>
    /// <param name="x">The batch [n_x, m]; with an image shape, n_x = Height·Width·Channels.</param>
    /// <param name="random">The source of every draw; its state advances.</param>
    /// <exception cref="ShapeMismatchException">X's feature count differs from the image shape's size (the message names both).</exception>
    public void Apply<T>(Matrix<T> x, IRandomSource random) where T : unmanaged, IFloatingPointIeee754<T> =>
        Apply(x, x, random);

    /// <summary>Writes the augmented columns of <paramref name="source"/> into <paramref name="destination"/>; the source is unchanged unless it is the destination.</summary>
    /// <param name="source">The batch [n_x, m]; with an image shape, n_x = Height·Width·Channels.</param>
    /// <param name="destination">A matrix of the same shape (or <paramref name="source"/> itself).</param>
    /// <param name="random">The source of every draw; its state advances.</param>
    /// <exception cref="ShapeMismatchException">The feature count differs from the image shape's size, or the destination's shape differs from the source's.</exception>
    public void Apply<T>(Matrix<T> source, Matrix<T> destination, IRandomSource random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(random);
        if (Shape is not null && source.Rows != Shape.Length)
            throw new ShapeMismatchException($"Augmenter: the image shape {Shape} holds {Shape.Length} values per example, but X is {source.ShapeText} with {source.Rows} features (rows).");
        ShapeMismatchException.ThrowIfDifferent(source, destination, "augmentation destination");

        int n = source.Rows, m = source.Columns;
        EnsureBuffers(n);
        Span<double> example = _example.AsSpan(0, n), scratch = _scratch.AsSpan(0, n);
        ReadOnlySpan<T> from = source.Span;
        Span<T> to = destination.Span;
        for (int j = 0; j < m; j++)
        {
            // Gathering the strided column into a contiguous buffer lets every step index pixels directly.
            for (int i = 0; i < n; i++)
                example[i] = double.CreateTruncating(from[i * m + j]);
            RunSteps(example, scratch, random);
            for (int i = 0; i < n; i++)
                to[i * m + j] = T.CreateTruncating(example[i]);
        }
    }

    /// <summary>
    /// Augments every row of a batch held example by example ([m, n_x], one example per row, as a shuffled
    /// mini-batch reaches the first layer) in place. Examples are taken in the same order and draw the same
    /// values as <see cref="Apply{T}(Matrix{T}, IRandomSource)"/> on the transpose, so both layouts give the same
    /// bits from the same seed.
    /// </summary>
    /// <param name="rows">The batch [m, n_x]; with an image shape, n_x = Height·Width·Channels.</param>
    /// <param name="random">The source of every draw; its state advances.</param>
    /// <exception cref="ShapeMismatchException">The rows' length differs from the image shape's size (the message names both).</exception>
    public void ApplyRows<T>(Matrix<T> rows, IRandomSource random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(random);
        if (Shape is not null && rows.Columns != Shape.Length)
            throw new ShapeMismatchException($"Augmenter: the image shape {Shape} holds {Shape.Length} values per example, but the batch's rows are {rows.ShapeText} with {rows.Columns} features (columns).");
        int n = rows.Columns;
        EnsureBuffers(n);
        Span<double> example = _example.AsSpan(0, n), scratch = _scratch.AsSpan(0, n);
        for (int j = 0; j < rows.Rows; j++)
        {
            Span<T> row = rows.Row(j);
            for (int i = 0; i < n; i++)
                example[i] = double.CreateTruncating(row[i]);
            RunSteps(example, scratch, random);
            for (int i = 0; i < n; i++)
                row[i] = T.CreateTruncating(example[i]);
        }
    }

    /// <summary>Grows the per-example working copy and the steps' scratch once to <paramref name="n"/> values.</summary>
    private void EnsureBuffers(int n)
    {
        if (_example.Length < n)
        {
            _example = new double[n];
            _scratch = new double[n];
        }
    }

    private void RunSteps(Span<double> example, Span<double> scratch, IRandomSource random)
    {
        foreach (IAugmentation step in _steps)
            step.Apply(example, Shape, scratch, random);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Augmenter({(Shape is null ? "tabular" : Shape.ToString())}: {(_steps.Length == 0 ? "identity" : string.Join(" → ", (object[])_steps))})";

    private static IAugmentation[] CheckSteps(IReadOnlyList<IAugmentation> steps, ImageShape? shape)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var result = new IAugmentation[steps.Count];
        for (int i = 0; i < result.Length; i++)
        {
            IAugmentation step = steps[i] ?? throw new ArgumentNullException(nameof(steps), $"Augmenter: step {i} is null.");
            if (step.RequiresImage && shape is null)
                throw new ArgumentException($"Augmenter: step {i} ({step}) transforms images; create the augmenter with an ImageShape.", nameof(steps));
            result[i] = step;
        }
        return result;
    }
}
