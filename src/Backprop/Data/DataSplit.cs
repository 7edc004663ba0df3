using System.Numerics;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Data;

/// <summary>The three parts of a data set split for training, model selection and the final estimate.</summary>
/// <typeparam name="T">The element type of the data sets.</typeparam>
/// <param name="Train">The examples the parameters are fitted to.</param>
/// <param name="Dev">The examples hyperparameters are chosen on (the course's dev or hold-out set).</param>
/// <param name="Test">The examples the final model is measured on once.</param>
public sealed record DataSplit<T>(Dataset<T> Train, Dataset<T> Dev, Dataset<T> Test)
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>The fractions of a data set that go to the train, dev and test parts.</summary>
/// <param name="Train">The train fraction.</param>
/// <param name="Dev">The dev fraction.</param>
/// <param name="Test">The test fraction.</param>
public readonly record struct SplitRatios(double Train, double Dev, double Test)
{
    /// <summary>The data-set size from which the course's rule switches from 60/20/20 to 98/1/1.</summary>
    public const int LargeDatasetThreshold = 100_000;

    /// <summary>
    /// The course's rule of thumb: 60/20/20 for fewer than <see cref="LargeDatasetThreshold"/> examples, and
    /// 98/1/1 from there on, where 1 % is already enough examples to compare models and measure the result.
    /// </summary>
    /// <param name="count">The number of examples.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static SplitRatios ForSize(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return count < LargeDatasetThreshold ? new(0.6, 0.2, 0.2) : new(0.98, 0.01, 0.01);
    }

    /// <summary>Checks that every fraction is finite and non-negative and that they add up to 1 within 1e-9.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is negative or not finite, or the sum is not 1;
    /// the message names the offending value.</exception>
    public void Validate()
    {
        Check(Train, "train");
        Check(Dev, "dev");
        Check(Test, "test");
        double sum = Train + Dev + Test;
        if (Math.Abs(sum - 1) > 1e-9)
            throw new ArgumentOutOfRangeException("ratios", sum,
                FormattableString.Invariant($"The split ratios {this} add up to {sum:R}; they must add up to 1 (within 1e-9)."));
    }

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{Train}/{Dev}/{Test}");

    private static void Check(double ratio, string part)
    {
        if (!double.IsFinite(ratio) || ratio < 0)
            throw new ArgumentOutOfRangeException(part, ratio,
                FormattableString.Invariant($"The {part} ratio is {ratio}; each ratio must be a finite number ≥ 0."));
    }
}

/// <summary>
/// Seeded, stratified train/dev/test splits of a <see cref="Dataset{T}"/>.
/// </summary>
/// <remarks>
/// <para>Part sizes are apportioned from the ratios by largest remainder (ties to the earlier part), so they
/// add up to the number of examples exactly, and a part whose ratio is 0 is always empty. A part with a
/// positive ratio that would get no example is an error rather than a silently empty set.</para>
/// <para>Classification labels are split by class: each class contributes to each part its share
/// <c>n_class × n_part / m</c>, rounded down or up, so class proportions agree across the parts to within
/// one example per class. Classes are recognised as a one-hot Y (several rows, one 1 per column, zeros
/// elsewhere; the class is the row of the 1), or a one-row Y of non-negative integers when the data set has
/// class names or the values are all 0 or 1. Any other Y (regression targets) is split by a plain shuffle.</para>
/// <para>The split is a function of the data, the ratios and the random source's state only: one
/// permutation of all examples is drawn (NumPy's legacy <c>permutation(m)</c> order), each class's examples
/// are taken in that order, and every part keeps the examples in that order, so parts come out shuffled.</para>
/// </remarks>
public static class DataSplit
{
    /// <summary>Splits <paramref name="data"/> by the given ratios.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The data set to split; it is not changed.</param>
    /// <param name="ratios">The train, dev and test fractions.</param>
    /// <param name="random">The random source that decides which examples go where.</param>
    /// <param name="stratify">Whether to split classification labels class by class (see remarks); false always shuffles plainly.</param>
    /// <returns>Three new data sets that together hold every example exactly once, with the class names of <paramref name="data"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The ratios are invalid (see <see cref="SplitRatios.Validate"/>).</exception>
    /// <exception cref="ArgumentException">A part with a positive ratio would be empty because there are too few examples.</exception>
    /// <example><code>var split = DataSplit.Split(data, new SplitRatios(0.6, 0.2, 0.2), new FastRandom(1));</code></example>
    public static DataSplit<T> Split<T>(Dataset<T> data, SplitRatios ratios, IRandomSource random, bool stratify = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(random);
        ratios.Validate();

        int m = data.Count;
        int[] sizes = PartSizes(m, ratios);
        int[] labels = stratify ? ClassLabels(data) ?? new int[m] : new int[m];

        var order = new int[m];
        random.Permutation(order);
        int[][] parts = Assign(order, labels, sizes);
        return new DataSplit<T>(data.Select(parts[0]), data.Select(parts[1]), data.Select(parts[2]));
    }

    /// <summary>Splits <paramref name="data"/> by the course's size rule, <see cref="SplitRatios.ForSize"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="data">The data set to split; it is not changed.</param>
    /// <param name="random">The random source that decides which examples go where.</param>
    /// <param name="stratify">Whether to split classification labels class by class.</param>
    /// <returns>The three parts.</returns>
    /// <exception cref="ArgumentException">There are too few examples to give every part one.</exception>
    public static DataSplit<T> SplitBySize<T>(Dataset<T> data, IRandomSource random, bool stratify = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        return Split(data, SplitRatios.ForSize(data.Count), random, stratify);
    }

    /// <summary>
    /// The number of examples in each part: the ratios times <paramref name="count"/>, rounded by largest
    /// remainder so the sizes add up to <paramref name="count"/>.
    /// </summary>
    /// <param name="count">The number of examples.</param>
    /// <param name="ratios">The train, dev and test fractions.</param>
    /// <returns>The train, dev and test sizes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The ratios are invalid or <paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">A part with a positive ratio would be empty.</exception>
    public static (int Train, int Dev, int Test) Sizes(int count, SplitRatios ratios)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ratios.Validate();
        int[] sizes = PartSizes(count, ratios);
        return (sizes[0], sizes[1], sizes[2]);
    }

    private static readonly string[] PartNames = ["train", "dev", "test"];

    private static int[] PartSizes(int m, SplitRatios ratios)
    {
        // Normalised by the sum so ratios that add up to 1 only within rounding still share out exactly m.
        double sum = ratios.Train + ratios.Dev + ratios.Test;
        double[] share = [ratios.Train / sum * m, ratios.Dev / sum * m, ratios.Test / sum * m];
        var sizes = new int[3];
        for (int p = 0; p < 3; p++)
            sizes[p] = Math.Min(m, (int)Math.Floor(share[p]));
        int left = m - sizes.Sum();
        // Largest remainder first; a part with ratio 0 has remainder 0 and is reached only if nothing else is left.
        int[] byRemainder = [.. Enumerable.Range(0, 3).OrderByDescending(p => share[p] - sizes[p]).ThenBy(p => p)];
        for (int k = 0; left > 0; k = (k + 1) % 3)
        {
            int p = byRemainder[k];
            if (share[p] > 0)
            {
                sizes[p]++;
                left--;
            }
        }
        for (int p = 0; p < 3; p++)
        {
            if (sizes[p] == 0 && share[p] > 0)
                throw new ArgumentException(FormattableString.Invariant(
                    $"A {ratios} split of {m} examples leaves the {PartNames[p]} part (ratio {(p == 0 ? ratios.Train : p == 1 ? ratios.Dev : ratios.Test)}) empty; use more examples or a ratio of 0 for it."));
        }
        return sizes;
    }

    /// <summary>The class of each example, or null when Y does not hold class labels.</summary>
    private static int[]? ClassLabels<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Matrix<T> y = data.Y;
        int m = y.Columns;
        var labels = new int[m];
        if (y.Rows == 1)
        {
            bool binary = true;
            for (int j = 0; j < m; j++)
            {
                T v = y[0, j];
                if (!T.IsInteger(v) || v < T.Zero || v > T.CreateTruncating(int.MaxValue))
                    return null;
                labels[j] = int.CreateTruncating(v);
                binary &= labels[j] <= 1;
            }
            return binary || data.ClassNames.Count > 0 ? labels : null;
        }
        for (int j = 0; j < m; j++)
        {
            int hot = -1;
            for (int c = 0; c < y.Rows; c++)
            {
                T v = y[c, j];
                if (v == T.One && hot < 0)
                    hot = c;
                else if (v != T.Zero)
                    return null;
            }
            if (hot < 0)
                return null;
            labels[j] = hot;
        }
        return labels;
    }

    /// <summary>
    /// Decides how many examples of each class go to each part, then deals the examples out in permutation order.
    /// </summary>
    private static int[][] Assign(int[] order, int[] labels, int[] sizes)
    {
        int m = order.Length;
        var classIndex = new Dictionary<int, int>();
        var classSizes = new List<long>();
        foreach (int label in labels)
        {
            if (!classIndex.TryGetValue(label, out int c))
            {
                classIndex.Add(label, c = classSizes.Count);
                classSizes.Add(0);
            }
            classSizes[c]++;
        }

        int classes = classSizes.Count;
        var counts = new int[classes, 3];
        var low = new int[classes, 3];
        var high = new int[classes, 3];
        for (int c = 0; c < classes; c++)
        {
            // Integer arithmetic, so an exact share is never mistaken for a fractional one.
            long[] remainders = new long[3];
            int given = 0;
            for (int p = 0; p < 3; p++)
            {
                long product = classSizes[c] * sizes[p];
                low[c, p] = counts[c, p] = (int)(product / m);
                remainders[p] = product % m;
                high[c, p] = low[c, p] + (remainders[p] != 0 ? 1 : 0);
                given += low[c, p];
            }
            foreach (int p in Enumerable.Range(0, 3).OrderByDescending(p => remainders[p]).ThenBy(p => p))
            {
                if (given == classSizes[c] || remainders[p] == 0)
                    break;
                counts[c, p]++;
                given++;
            }
        }
        Balance(counts, low, high, sizes);

        var parts = new List<int>[3] { new(sizes[0]), new(sizes[1]), new(sizes[2]) };
        var dealt = new int[classes];
        foreach (int example in order)
        {
            int c = classIndex[labels[example]];
            int k = dealt[c]++;
            int p = k < counts[c, 0] ? 0 : k < counts[c, 0] + counts[c, 1] ? 1 : 2;
            parts[p].Add(example);
        }
        return [parts[0].ToArray(), parts[1].ToArray(), parts[2].ToArray()];
    }

    /// <summary>
    /// Moves examples between parts, within classes and inside each class's rounding bounds, until every part
    /// has its exact size. The bounded table always has such a solution (its fractional shares are one), so a
    /// chain of moves from an oversized to an undersized part always exists; with three parts the chain has at
    /// most two links.
    /// </summary>
    private static void Balance(int[,] counts, int[,] low, int[,] high, int[] sizes)
    {
        int classes = counts.GetLength(0);
        while (true)
        {
            var surplus = new int[3];
            for (int p = 0; p < 3; p++)
            {
                surplus[p] = -sizes[p];
                for (int c = 0; c < classes; c++)
                    surplus[p] += counts[c, p];
            }
            int from = Array.FindIndex(surplus, s => s > 0);
            if (from < 0)
                return;
            if (!MoveToward(from, p => surplus[p] < 0, counts, low, high, depth: 2))
                throw new InvalidOperationException("Stratified split: no way to balance the part sizes; this is a bug.");
        }
    }

    /// <summary>Moves one example out of part <paramref name="from"/> along a chain ending in a part that needs one.</summary>
    private static bool MoveToward(int from, Func<int, bool> needsOne, int[,] counts, int[,] low, int[,] high, int depth)
    {
        int classes = counts.GetLength(0);
        // Direct moves first, then two-link chains through the third part.
        for (int pass = 0; pass < depth; pass++)
        {
            for (int to = 0; to < 3; to++)
            {
                if (to == from || (pass == 0 && !needsOne(to)))
                    continue;
                for (int c = 0; c < classes; c++)
                {
                    if (counts[c, from] <= low[c, from] || counts[c, to] >= high[c, to])
                        continue;
                    counts[c, from]--;
                    counts[c, to]++;
                    if (pass == 0 || MoveToward(to, needsOne, counts, low, high, depth: 1))
                        return true;
                    counts[c, from]++;
                    counts[c, to]--;
                }
            }
        }
        return false;
    }
}
