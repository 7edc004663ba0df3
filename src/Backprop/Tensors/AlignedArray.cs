using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Tensors;

/// <summary>
/// Arrays for matrix storage whose data can start on a cache-line boundary: a few elements of slack and the
/// offset of the first aligned one.
/// </summary>
/// <remarks>
/// <para>Why: a managed array's elements start 16 bytes past an 8-byte-aligned object, so a 64-byte vector load
/// from it usually spans two cache lines. Kernels that read operands in place (the dot-product GEMM path reads A's
/// and B's rows directly) lose about 6 % to such split loads when both operands are misaligned.</para>
/// <para>The alignment holds for as long as the array stays where it was made: always for buffers in the
/// large-object heap (85 000 bytes and more), which the collector does not compact by default; smaller ones may
/// lose it when a collection moves them. Only speed depends on it, never a result. Pinning would keep every buffer
/// aligned, but pinned arrays are collected only with generation 2, and results allocated per call (a product
/// returning a new matrix) would pile up there.</para>
/// </remarks>
internal static class AlignedArray
{
    /// <summary>The boundary the first element is placed on, in bytes.</summary>
    public const int Alignment = 64;

    /// <summary>
    /// An array holding at least <paramref name="length"/> elements from index <paramref name="offset"/>, which
    /// is on a 64-byte boundary when the array is made.
    /// </summary>
    public static unsafe T[] Allocate<T>(int length, bool zeroed, out int offset) where T : unmanaged
    {
        offset = 0;
        if (length == 0)
            return [];
        int slack = Alignment / sizeof(T) - 1;
        T[] data = zeroed ? new T[length + slack] : GC.AllocateUninitializedArray<T>(length + slack);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(data));
        offset = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1)) / sizeof(T);
        return data;
    }
}
