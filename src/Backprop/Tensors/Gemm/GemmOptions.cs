namespace Backprop.Tensors.Gemm;

/// <summary>
/// How one GEMM call runs: which kernel path and at most how many threads. Tests pass explicit
/// options to cover every path and thread count without touching shared state; everything else
/// uses <see cref="Default"/>.
/// </summary>
/// <param name="Path">The kernel path; it must be supported by this machine.</param>
/// <param name="MaxThreads">The most threads (the calling one included) the product may use.</param>
internal readonly record struct GemmOptions(GemmKernelPath Path, int MaxThreads)
{
    private static int s_defaultMaxThreads = Environment.ProcessorCount;

    /// <summary>
    /// The thread count used by calls without explicit options; initially
    /// <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int DefaultMaxThreads
    {
        get => Volatile.Read(ref s_defaultMaxThreads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref s_defaultMaxThreads, value);
        }
    }

    /// <summary>The fastest path on this machine with <see cref="DefaultMaxThreads"/> threads.</summary>
    public static GemmOptions Default => new(GemmKernelPaths.Best, DefaultMaxThreads);
}
