using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Tensors.Gemm;

/// <summary>The instruction-set family a GEMM call runs its micro-kernel and packing with.</summary>
internal enum GemmKernelPath
{
    /// <summary><see cref="Vector128{T}"/> code: SSE or NEON, or software where neither exists.</summary>
    Portable,

    /// <summary>256-bit AVX2 vectors with FMA3.</summary>
    Avx2,

    /// <summary>512-bit AVX-512F vectors (FMA is part of AVX-512F).</summary>
    Avx512,
}

/// <summary>Which <see cref="GemmKernelPath"/>s this machine can run, and which one is fastest.</summary>
internal static class GemmKernelPaths
{
    /// <summary>The widest path the hardware accelerates; what a call uses unless told otherwise.</summary>
    public static GemmKernelPath Best { get; } =
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmKernelPath.Avx512
        : Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported ? GemmKernelPath.Avx2
        : GemmKernelPath.Portable;

    /// <summary>Whether <paramref name="path"/> can run here. The portable path always can.</summary>
    public static bool IsSupported(GemmKernelPath path) => path switch
    {
        GemmKernelPath.Avx512 => Avx512F.IsSupported,
        GemmKernelPath.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        GemmKernelPath.Portable => true,
        _ => false,
    };
}
