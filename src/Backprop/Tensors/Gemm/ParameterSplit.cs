namespace Backprop.Tensors.Gemm;

/// <summary>
/// How per-parameter element-wise work (the optimizer's update, the trainer's finiteness check) is cut between
/// the worker threads: a large parameter in halves that meet on a 64-byte boundary, a small one whole to part 0.
/// </summary>
/// <remarks>
/// Every pass over the parameters uses this one split, so the thread that checks a half of a gradient is the
/// one that then updates it, reading it from its own cache.
/// </remarks>
internal static class ParameterSplit
{
    /// <summary>A parameter smaller than this is never split: the hand-off would cost more than it saves.</summary>
    public const int Threshold = 8_192;

    /// <summary>The elements [start, end) of a parameter of <paramref name="length"/> elements that part <paramref name="part"/> of <paramref name="parts"/> takes.</summary>
    public static (int Start, int End) Range(int length, int part, int parts)
    {
        if (parts == 1 || length < Threshold)
            return part == 0 ? (0, length) : (0, 0);
        // A multiple of 16 elements: the halves meet on a 64-byte boundary for float.
        int middle = length / 2 & ~15;
        return part == 0 ? (0, middle) : (middle, length);
    }
}
