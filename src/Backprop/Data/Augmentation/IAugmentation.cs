using Backprop.Randomness;

namespace Backprop.Data.Augmentation;

/// <summary>
/// One step of an <see cref="Augmenter"/>: a random transformation of a single example, drawing its
/// randomness from the source it is given so that a seed reproduces it bit for bit.
/// </summary>
/// <remarks>
/// Steps work in double on one example at a time, as a contiguous copy of its column of X. A step must
/// draw the same count of random numbers, in the same order, whenever it sees the same draws, must not
/// allocate, and must not keep state between examples.
/// </remarks>
public interface IAugmentation
{
    /// <summary>Whether the step needs an <see cref="ImageShape"/> (flips, crops, rotations) or works on any feature vector.</summary>
    bool RequiresImage { get; }

    /// <summary>Transforms one example in place.</summary>
    /// <param name="example">The example's n_x values; overwritten with the augmented example.</param>
    /// <param name="shape">The image layout of <paramref name="example"/>, or null for tabular data.</param>
    /// <param name="scratch">Working space of at least n_x values; its contents are unspecified on entry and on return.</param>
    /// <param name="random">The source of every random draw.</param>
    void Apply(Span<double> example, ImageShape? shape, Span<double> scratch, IRandomSource random);
}
