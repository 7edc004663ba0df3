using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        if (TOp.Vectorizable && (Unary<T, TOp, Width512<T>>(ref xr, ref dr, n, op) || Unary<T, TOp, Width256<T>>(ref xr, ref dr, n, op)
            || Unary<T, TOp, Width128<T>>(ref xr, ref dr, n, op)))
            return;
        for (int i = 0; i < n; i++)
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
    }

    /// <summary>The unary loop at width <typeparamref name="TWidth"/>; false when that width does not apply.</summary>
    private static bool Unary<T, TOp, TWidth>(ref T xr, ref T dr, int n, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
        where TWidth : struct, ISimdWidth<TWidth, T>
    {
        if (!TWidth.IsAccelerated || n < TWidth.Count)
            return false;
        int w = TWidth.Count;
        nuint last = (nuint)(n - w);
        var end = TWidth.Apply(op, TWidth.Load(ref xr, last));
        for (int i = 0; i <= n - w; i += w)
            TWidth.Apply(op, TWidth.Load(ref xr, (nuint)i)).Store(ref dr, (nuint)i);
        end.Store(ref dr, last);
        return true;
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
        if (TOp.Vectorizable && (Binary<T, TOp, Width512<T>>(ref xr, ref yr, ref dr, n, op) || Binary<T, TOp, Width256<T>>(ref xr, ref yr, ref dr, n, op)
            || Binary<T, TOp, Width128<T>>(ref xr, ref yr, ref dr, n, op)))
            return;
        for (int i = 0; i < n; i++)
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>The binary loop at width <typeparamref name="TWidth"/>; false when that width does not apply.</summary>
    private static bool Binary<T, TOp, TWidth>(ref T xr, ref T yr, ref T dr, int n, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
        where TWidth : struct, ISimdWidth<TWidth, T>
    {
        if (!TWidth.IsAccelerated || n < TWidth.Count)
            return false;
        int w = TWidth.Count;
        nuint last = (nuint)(n - w);
        var end = TWidth.Apply(op, TWidth.Load(ref xr, last), TWidth.Load(ref yr, last));
        for (int i = 0; i <= n - w; i += w)
            TWidth.Apply(op, TWidth.Load(ref xr, (nuint)i), TWidth.Load(ref yr, (nuint)i)).Store(ref dr, (nuint)i);
        end.Store(ref dr, last);
        return true;
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

    /// <summary>
    /// <see cref="BiasThenApply{T, TOp}"/> over rows [<paramref name="m0"/>, <paramref name="m1"/>) × columns
    /// [<paramref name="n0"/>, <paramref name="n1"/>), inputs already checked: a GEMM epilogue's block. Each element is
    /// computed as in the whole-matrix pass for operators whose scalar and vector forms agree bit for bit.
    /// </summary>
    internal static void BiasThenApplyBlock<T, TOp>(Matrix<T> z, ReadOnlySpan<T> bias, Matrix<T> a, TOp op, int m0, int m1, int n0, int n1)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        for (int r = m0; r < m1; r++)
            BiasThenApplyRow(z.Row(r)[n0..n1], bias[r], a.Row(r)[n0..n1], op);
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
        if (TOp.Vectorizable && (BiasRow<T, TOp, Width512<T>>(ref zr, b, ref ar, n, op) || BiasRow<T, TOp, Width256<T>>(ref zr, b, ref ar, n, op)
            || BiasRow<T, TOp, Width128<T>>(ref zr, b, ref ar, n, op)))
            return;
        for (int i = 0; i < n; i++)
        {
            T v = Unsafe.Add(ref zr, i) + b;
            Unsafe.Add(ref zr, i) = v;
            Unsafe.Add(ref ar, i) = op.Invoke(v);
        }
    }

    /// <summary>One row of bias-then-activation at width <typeparamref name="TWidth"/>; false when that width does not apply.</summary>
    private static bool BiasRow<T, TOp, TWidth>(ref T zr, T b, ref T ar, int n, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
        where TWidth : struct, ISimdWidth<TWidth, T>
    {
        if (!TWidth.IsAccelerated || n < TWidth.Count)
            return false;
        int w = TWidth.Count;
        nuint last = (nuint)(n - w);
        var bv = TWidth.Broadcast(b);
        var zEnd = TWidth.Load(ref zr, last) + bv;
        var aEnd = TWidth.Apply(op, zEnd);
        for (int i = 0; i <= n - w; i += w)
        {
            var v = TWidth.Load(ref zr, (nuint)i) + bv;
            v.Store(ref zr, (nuint)i);
            TWidth.Apply(op, v).Store(ref ar, (nuint)i);
        }
        zEnd.Store(ref zr, last);
        aEnd.Store(ref ar, last);
        return true;
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
