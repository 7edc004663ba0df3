namespace Backprop.Tensors.Kernels;

/// <summary>
/// How a long run of element-wise work (a parameter's optimizer update or finiteness check, an activation pass) is cut
/// between the worker threads: into equal ranges whose boundaries fall on multiples of 16 elements, or, below
/// <see cref="Threshold"/> elements, whole to part 0.
/// </summary>
/// <remarks>
/// Boundaries on multiples of 16 elements keep every range but the last a whole number of 512-bit vectors of float,
/// so only the last range ends in a partial vector. The optimizer's update and the trainer's finiteness check use
/// the same split; the caller usually runs part 0 and a worker part 1, so each tends to re-read the halves it last
/// touched (which thread takes a part is not fixed, and it does not change any result).
/// </remarks>
internal static class ParameterSplit
{
    /// <summary>A run shorter than this is never split: the hand-off would cost more than it saves.</summary>
    public const int Threshold = 8_192;

    /// <summary>The elements [start, end) of a run of <paramref name="length"/> elements that part <paramref name="part"/> of <paramref name="parts"/> takes.</summary>
    public static (int Start, int End) Range(int length, int part, int parts)
    {
        if (parts == 1 || length < Threshold)
            return part == 0 ? (0, length) : (0, 0);
        return (Boundary(length, part, parts), Boundary(length, part + 1, parts));
    }

    private static int Boundary(int length, int part, int parts)
        => part >= parts ? length : (int)((long)length * part / parts) & ~15;
}
