using Backprop.Randomness;

namespace Backprop.Training;

/// <summary>How the training examples are ordered before an epoch is cut into mini-batches.</summary>
public abstract class ShufflePolicy
{
    private protected ShufflePolicy() { }

    /// <summary>No shuffling: batches are consecutive columns in the data set's order.</summary>
    public static ShufflePolicy None { get; } = new NoShuffle();

    /// <summary>A fresh permutation every epoch, drawn from <paramref name="random"/> as one continuing stream.</summary>
    public static ShufflePolicy Random(IRandomSource random) => new StreamShuffle(random ?? throw new ArgumentNullException(nameof(random)));

    /// <summary>
    /// The course's mini-batch shuffling: before epoch e the NumPy generator is re-seeded with
    /// <c>firstSeed + e</c> and <c>permutation(m)</c> is taken. The optimization assignment's seed counter
    /// starts at 10 and is incremented before each epoch, so it is <c>CourseReseeded(11)</c>.
    /// </summary>
    public static ShufflePolicy CourseReseeded(uint firstSeed) => new ReseededShuffle(firstSeed);

    /// <summary>True when <see cref="Permute"/> reorders the examples.</summary>
    public abstract bool Shuffles { get; }

    /// <summary>The generator this policy draws from across epochs, whose state a checkpoint must keep; null when each epoch's order depends on the epoch alone.</summary>
    internal virtual IRandomSource? Stream => null;

    /// <summary>Writes the order of the examples for <paramref name="epoch"/> into <paramref name="order"/> (length m).</summary>
    public abstract void Permute(int epoch, Span<int> order);

    private sealed class NoShuffle : ShufflePolicy
    {
        public override bool Shuffles => false;

        public override void Permute(int epoch, Span<int> order)
        {
            for (int i = 0; i < order.Length; i++)
                order[i] = i;
        }
    }

    private sealed class StreamShuffle(IRandomSource random) : ShufflePolicy
    {
        public override bool Shuffles => true;
        internal override IRandomSource? Stream => random;
        public override void Permute(int epoch, Span<int> order) => random.Permutation(order);
    }

    private sealed class ReseededShuffle(uint firstSeed) : ShufflePolicy
    {
        private readonly NumPyRandom _random = new(firstSeed);

        public override bool Shuffles => true;

        public override void Permute(int epoch, Span<int> order)
        {
            _random.Seed(firstSeed + (uint)epoch);
            _random.Permutation(order);
        }
    }
}
