using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Backprop.Tensors.Gemm;

namespace Backprop.Tensors.Kernels;

/// <summary>
/// The generic SIMD drivers for fused element-wise kernels (those <c>TensorPrimitives</c> lacks):
/// one driver per operator shape. Each validates once, then runs the widest accelerated vector width,
/// and finishes a ragged tail with one overlapping last vector instead of a scalar loop.
/// </summary>
/// <remarks>
/// The overlapping tail is computed from the inputs <em>before</em> the main loop and stored after it,
/// so in-place use (destination = an input) stays correct even though the tail re-covers elements the
/// loop already wrote. Inputs shorter than one vector take the scalar path.
/// </remarks>
internal static class Elementwise
{
    /// <summary><c>destination[i] = op(x[i])</c>. <paramref name="destination"/> may be <paramref name="x"/> itself.</summary>
    public static void Apply<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        CheckDestination(x.Length, destination.Length);
        CheckOverlap(x, destination);
        if (GemmWorkerPool.ElementwiseParts(x.Length) > 1)
            UnaryJob<T, TOp>.Run(x, destination, op);
        else
            ApplySerial(x, destination, op);
    }

    /// <summary><see cref="Apply{T, TOp}(ReadOnlySpan{T}, Span{T}, TOp)"/> on the calling thread, inputs already checked.</summary>
    internal static void ApplySerial<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        int n = x.Length;
        int i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
            {
                int w = Vector512<T>.Count;
                var end = op.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)(n - w)));
                for (; i <= n - w; i += w)
                    op.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
                end.StoreUnsafe(ref dr, (nuint)(n - w));
                return;
            }
            if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
            {
                int w = Vector256<T>.Count;
                var end = op.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(n - w)));
                for (; i <= n - w; i += w)
                    op.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
                end.StoreUnsafe(ref dr, (nuint)(n - w));
                return;
            }
            if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
            {
                int w = Vector128<T>.Count;
                var end = op.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)(n - w)));
                for (; i <= n - w; i += w)
                    op.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
                end.StoreUnsafe(ref dr, (nuint)(n - w));
                return;
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
    }

    /// <summary><c>destination[i] = op(x[i], y[i])</c>. <paramref name="destination"/> may be either input.</summary>
    public static void Apply<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"Input lengths differ: {x.Length} and {y.Length}.", nameof(y));
        CheckDestination(x.Length, destination.Length);
        CheckOverlap(x, destination);
        CheckOverlap(y, destination);
        if (GemmWorkerPool.ElementwiseParts(x.Length) > 1)
            BinaryJob<T, TOp>.Run(x, y, destination, op);
        else
            ApplySerial(x, y, destination, op);
    }

    /// <summary><see cref="Apply{T, TOp}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, TOp)"/> on the calling thread, inputs already checked.</summary>
    internal static void ApplySerial<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        int n = x.Length;
        int i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
            {
                int w = Vector512<T>.Count;
                nuint last = (nuint)(n - w);
                var end = op.Invoke(Vector512.LoadUnsafe(ref xr, last), Vector512.LoadUnsafe(ref yr, last));
                for (; i <= n - w; i += w)
                    op.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
                end.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
            {
                int w = Vector256<T>.Count;
                nuint last = (nuint)(n - w);
                var end = op.Invoke(Vector256.LoadUnsafe(ref xr, last), Vector256.LoadUnsafe(ref yr, last));
                for (; i <= n - w; i += w)
                    op.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
                end.StoreUnsafe(ref dr, last);
                return;
            }
            if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
            {
                int w = Vector128<T>.Count;
                nuint last = (nuint)(n - w);
                var end = op.Invoke(Vector128.LoadUnsafe(ref xr, last), Vector128.LoadUnsafe(ref yr, last));
                for (; i <= n - w; i += w)
                    op.Invoke(Vector128.LoadUnsafe(ref xr, (nuint)i), Vector128.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
                end.StoreUnsafe(ref dr, last);
                return;
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>
    /// The fused dense-layer epilogue, row by row: <c>z[r, j] += bias[r]</c>, then
    /// <c>a[r, j] = op(z[r, j])</c> — a single pass over Z that writes both the pre-activation (kept for the
    /// loss and backward pass) and the activation.
    /// </summary>
    public static void BiasThenApply<T, TOp>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        if (bias.Length != z.Rows)
            throw new ShapeMismatchException($"Bias has {bias.Length} entries but Z has {z.Rows} rows.");
        ShapeMismatchException.ThrowIfDifferent(z, a, "activation output");
        if (z.Span.Overlaps(a.Span))
            throw new ArgumentException("Z and A must be separate buffers.", nameof(a));
        if (GemmWorkerPool.ElementwiseParts(z.Length, z.Rows) > 1)
            BiasRowsJob<T, TOp>.Run(z, bias, a, op);
        else
            BiasThenApplyRows(z, bias, a, op, 0, z.Rows);
    }

    /// <summary>Rows [<paramref name="first"/>, <paramref name="end"/>) of <see cref="BiasThenApply{T, TOp}"/>, inputs already checked.</summary>
    internal static void BiasThenApplyRows<T, TOp>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a, TOp op, int first, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        for (int r = first; r < end; r++)
            BiasThenApplyRow(z.Row(r), bias[r], a.Row(r), op);
    }

    private static void BiasThenApplyRow<T, TOp>(Span<T> z, T b, Span<T> a, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        ref T zr = ref MemoryMarshal.GetReference(z);
        ref T ar = ref MemoryMarshal.GetReference(a);
        int n = z.Length;
        int i = 0;
        if (TOp.Vectorizable)
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
            {
                int w = Vector512<T>.Count;
                nuint last = (nuint)(n - w);
                var bv = Vector512.Create(b);
                var zEnd = Vector512.LoadUnsafe(ref zr, last) + bv;
                var aEnd = op.Invoke(zEnd);
                for (; i <= n - w; i += w)
                {
                    var v = Vector512.LoadUnsafe(ref zr, (nuint)i) + bv;
                    v.StoreUnsafe(ref zr, (nuint)i);
                    op.Invoke(v).StoreUnsafe(ref ar, (nuint)i);
                }
                zEnd.StoreUnsafe(ref zr, last);
                aEnd.StoreUnsafe(ref ar, last);
                return;
            }
            if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
            {
                int w = Vector256<T>.Count;
                nuint last = (nuint)(n - w);
                var bv = Vector256.Create(b);
                var zEnd = Vector256.LoadUnsafe(ref zr, last) + bv;
                var aEnd = op.Invoke(zEnd);
                for (; i <= n - w; i += w)
                {
                    var v = Vector256.LoadUnsafe(ref zr, (nuint)i) + bv;
                    v.StoreUnsafe(ref zr, (nuint)i);
                    op.Invoke(v).StoreUnsafe(ref ar, (nuint)i);
                }
                zEnd.StoreUnsafe(ref zr, last);
                aEnd.StoreUnsafe(ref ar, last);
                return;
            }
            if (Vector128.IsHardwareAccelerated && n >= Vector128<T>.Count)
            {
                int w = Vector128<T>.Count;
                nuint last = (nuint)(n - w);
                var bv = Vector128.Create(b);
                var zEnd = Vector128.LoadUnsafe(ref zr, last) + bv;
                var aEnd = op.Invoke(zEnd);
                for (; i <= n - w; i += w)
                {
                    var v = Vector128.LoadUnsafe(ref zr, (nuint)i) + bv;
                    v.StoreUnsafe(ref zr, (nuint)i);
                    op.Invoke(v).StoreUnsafe(ref ar, (nuint)i);
                }
                zEnd.StoreUnsafe(ref zr, last);
                aEnd.StoreUnsafe(ref ar, last);
                return;
            }
        }
        for (; i < n; i++)
        {
            T v = Unsafe.Add(ref zr, i) + b;
            Unsafe.Add(ref zr, i) = v;
            Unsafe.Add(ref ar, i) = op.Invoke(v);
        }
    }

    private static void CheckDestination(int inputLength, int destinationLength)
    {
        if (destinationLength < inputLength)
            throw new ArgumentException($"Destination holds {destinationLength} elements; {inputLength} are needed.", "destination");
    }

    /// <summary>Partial overlap would read already-written elements; exact aliasing (in place) is fine.</summary>
    private static void CheckOverlap<T>(ReadOnlySpan<T> input, Span<T> destination)
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
            throw new ArgumentException("Input and destination overlap without starting at the same element.", nameof(destination));
    }
}
