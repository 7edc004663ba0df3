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

    /// <summary>
    /// Room beyond the blocking plan's byte budgets (<see cref="GemmBlocking.RowBlockBytes"/>,
    /// <see cref="GemmBlocking.PanelBytes"/>) for rounding to whole tiles and panels: at most a tile of
    /// rows or a panel of columns times the deepest k block, well under this.
    /// </summary>
    private const int RoundingBytes = 128 * 1024;

    /// <summary>Elements every A buffer starts with: enough for any blocking plan, so it never grows.</summary>
    private static readonly int s_defaultA = (GemmBlocking.RowBlockBytes + RoundingBytes) / sizeof(T);

    /// <summary>Elements every B buffer starts with (see <see cref="s_defaultA"/>).</summary>
    private static readonly int s_defaultB = (GemmBlocking.PanelBytes + RoundingBytes) / sizeof(T);

    /// <summary>A buffer of at least <paramref name="length"/> elements for packed A.</summary>
    public static T* A(int length) => Get(ref t_a, length, s_defaultA);

    /// <summary>A buffer of at least <paramref name="length"/> elements for packed B.</summary>
    public static T* B(int length) => Get(ref t_b, length, s_defaultB);

    /// <summary>
    /// Allocates this thread's buffers now. Pool workers call it when they start, so a worker that first
    /// takes part in a product during steady-state training does not allocate then.
    /// </summary>
    public static void Prime()
    {
        A(0);
        B(0);
    }

    private static T* Get(ref T[]? buffer, int length, int initial)
    {
        int slack = AlignmentBytes / sizeof(T);
        if (buffer is null || buffer.Length < length + slack)
        {
            // Start at the plan's maximum; grow by half again only for a plan beyond it.
            long size = Math.Max(Math.Max(length + slack, initial + slack), (buffer?.Length ?? 0) * 3L / 2);
            buffer = GC.AllocateUninitializedArray<T>((int)Math.Min(size, Array.MaxLength), pinned: true);
        }
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (T*)((address + AlignmentBytes - 1) & ~(nint)(AlignmentBytes - 1));
    }
}
