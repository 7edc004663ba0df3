using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Data;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Diagnostics;

/// <summary>
/// A training set with a train-dev set carved out of it: examples from the training distribution that the
/// network does not train on, so that the gap between train-dev and dev error measures data mismatch alone.
/// </summary>
/// <typeparam name="T">The element type of the data sets.</typeparam>
/// <param name="Train">The examples left to train on.</param>
/// <param name="TrainDev">The held-out examples of the training distribution.</param>
public sealed record TrainDevSplit<T>(Dataset<T> Train, Dataset<T> TrainDev) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Carves train-dev sets from training sets.</summary>
public static class TrainDevSplit
{
    /// <summary>
    /// Splits <paramref name="training"/> into disjoint train and train-dev parts by one seeded permutation:
    /// the first ⌈fraction·m⌉ examples of the permutation form train-dev, the rest stay for training, each part
    /// in the original order.
    /// </summary>
    /// <param name="training">The full training set, at least 2 examples.</param>
    /// <param name="trainDevFraction">The fraction to hold out, in (0, 1).</param>
    /// <param name="random">The source of the permutation; the same state gives the same split.</param>
    /// <param name="dev">
    /// The dev set, when given: checked to share no example (an identical column of X) with the carved
    /// train-dev set, since an overlap would make the data-mismatch gap read low.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in (0, 1), or leaves a part empty.</exception>
    /// <exception cref="ArgumentException">A train-dev example also appears in <paramref name="dev"/>, or the feature counts differ.</exception>
    public static TrainDevSplit<T> Carve<T>(Dataset<T> training, double trainDevFraction, IRandomSource random, Dataset<T>? dev = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(random);
        if (!(trainDevFraction > 0 && trainDevFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainDevFraction), trainDevFraction, "The train-dev fraction must be in (0, 1).");
        int m = training.Count;
        int held = (int)Math.Ceiling(trainDevFraction * m);
        if (held >= m || m < 2)
            throw new ArgumentOutOfRangeException(nameof(trainDevFraction), trainDevFraction,
                $"Holding out {trainDevFraction} of {m} training examples leaves no example to train on.");

        var order = new int[m];
        random.Permutation(order);
        int[] trainDevColumns = order[..held];
        int[] trainColumns = order[held..];
        Array.Sort(trainDevColumns);
        Array.Sort(trainColumns);
        var split = new TrainDevSplit<T>(training.Select(trainColumns), training.Select(trainDevColumns));
        if (dev is not null)
            RequireDisjoint(split.TrainDev, dev);
        return split;
    }

    /// <summary>Throws when an example of <paramref name="trainDev"/> has the same inputs as one of <paramref name="dev"/>.</summary>
    /// <exception cref="ArgumentException">The sets overlap, naming the first pair of columns; or their feature counts differ.</exception>
    public static void RequireDisjoint<T>(Dataset<T> trainDev, Dataset<T> dev) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainDev);
        ArgumentNullException.ThrowIfNull(dev);
        if (trainDev.Features != dev.Features)
            throw new ArgumentException($"The train-dev set has {trainDev.Features} features but the dev set has {dev.Features}.", nameof(dev));
        // Columns are compared by their bytes, grouped by a hash first so the check is linear, not m².
        var seen = new Dictionary<int, List<int>>();
        var column = new T[dev.Features];
        for (int j = 0; j < dev.Count; j++)
        {
            Column(dev.X, j, column);
            int hash = Hash(column);
            if (!seen.TryGetValue(hash, out var list))
                seen[hash] = list = [];
            list.Add(j);
        }
        var other = new T[dev.Features];
        for (int j = 0; j < trainDev.Count; j++)
        {
            Column(trainDev.X, j, column);
            if (!seen.TryGetValue(Hash(column), out var list))
                continue;
            foreach (int k in list)
            {
                Column(dev.X, k, other);
                if (MemoryMarshal.AsBytes(column.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(other.AsSpan())))
                    throw new ArgumentException($"The train-dev set overlaps dev: train-dev example {j} has the same inputs as dev example {k}.", nameof(dev));
            }
        }
    }

    private static void Column<T>(Matrix<T> source, int j, T[] destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < destination.Length; r++)
            destination[r] = source[r, j];
    }

    private static int Hash<T>(T[] column) where T : unmanaged
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(column.AsSpan()));
        return hash.ToHashCode();
    }
}
