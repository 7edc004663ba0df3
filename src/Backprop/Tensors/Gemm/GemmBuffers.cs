using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// Per-thread packing buffers. Each thread (callers and pool workers alike) keeps its own A and
/// B buffers for the lifetime of the thread, grown on demand and reused, so a repeated product
/// allocates nothing.
/// </summary>
/// <remarks>
/// The arrays live on the pinned object heap, so their addresses are stable without
/// <c>fixed</c>; the returned pointers are aligned to 64 bytes (one cache line, one zmm load).
/// </remarks>
internal static unsafe class GemmBuffers<T> where T : unmanaged
{
    private const int AlignmentBytes = 64;

    [ThreadStatic]
    private static T[]? t_a;

    [ThreadStatic]
    private static T[]? t_b;

    /// <summary>A buffer of at least <paramref name="length"/> elements for packed A.</summary>
    public static T* A(int length) => Get(ref t_a, length);

    /// <summary>A buffer of at least <paramref name="length"/> elements for packed B.</summary>
    public static T* B(int length) => Get(ref t_b, length);

    private static T* Get(ref T[]? buffer, int length)
    {
        int slack = AlignmentBytes / sizeof(T);
        if (buffer is null || buffer.Length < length + slack)
        {
            // Grow by half again so a slowly growing sequence of shapes settles quickly.
            long size = Math.Max(length + slack, (buffer?.Length ?? 0) * 3L / 2);
            buffer = GC.AllocateUninitializedArray<T>((int)Math.Min(size, Array.MaxLength), pinned: true);
        }
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (T*)((address + AlignmentBytes - 1) & ~(nint)(AlignmentBytes - 1));
    }
}
