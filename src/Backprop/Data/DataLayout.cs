namespace Backprop.Data;

/// <summary>How a data set's inputs are laid out in memory.</summary>
/// <remarks>
/// The course's layout is <see cref="FeatureMajor"/>: X is [n_x, m], one column per example, which is what
/// forward propagation multiplies by. Shuffled mini-batches read whole examples, though, and in that layout
/// one example's features lie a whole row apart. <see cref="ExampleMajor"/> keeps one row per example, so a
/// random batch is gathered with one contiguous read per example; the trainer's mini-batcher uses such a
/// set directly instead of making its own example-major copy, which halves the memory a large set needs.
/// </remarks>
public enum DataLayout
{
    /// <summary>X is [n_x, m]: one column per example (the course's layout).</summary>
    FeatureMajor,

    /// <summary>The inputs are [m, n_x]: one row per example (the layout of IDX, NPY and CSV files).</summary>
    ExampleMajor,
}
