using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Tensors.Kernels;

/// <summary>
/// A fused optimizer step for a rule with one state tensor (momentum's v, RMSprop's s): from the gradient
/// g, the state and the parameter value W of one element, it updates the state in place and returns the new W.
/// </summary>
/// <remarks>
/// Written once as a scalar and once per vector width, like <see cref="IUnaryOperator{T}"/>, so that
/// <see cref="OptimizerKernels"/> can run it at the widest accelerated width. Implementations must use
/// plain (non-fused) multiplies and adds, and only IEEE-exact operations (+, −, ×, ÷, √), so that every
/// width rounds exactly like the scalar form. Implementations mark every <c>Invoke</c>
/// <see cref="System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining"/>: when the update loops were
/// still three hand-copied widths in one method, the JIT ran past its inlining budget and called Adam's operator
/// once per vector with every operand spilled to the stack (a 235 000-weight step took 110 µs instead of 54 µs on
/// one core). The loops are now one small generic method per width (<see cref="ISimdWidth{TSelf, T}"/>).
/// </remarks>
internal interface IUpdateOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>False when only the scalar <see cref="Invoke(T, ref T, T)"/> is meaningful.</summary>
    static abstract bool Vectorizable { get; }

    T Invoke(T gradient, ref T state, T value);

    Vector128<T> Invoke(Vector128<T> gradient, ref Vector128<T> state, Vector128<T> value);

    Vector256<T> Invoke(Vector256<T> gradient, ref Vector256<T> state, Vector256<T> value);

    Vector512<T> Invoke(Vector512<T> gradient, ref Vector512<T> state, Vector512<T> value);
}

/// <summary>
/// A fused optimizer step for a rule with two state tensors (Adam's v and s); see
/// <see cref="IUpdateOperator{T}"/> for the rounding and inlining contract.
/// </summary>
internal interface ITwoStateUpdateOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>False when only the scalar <see cref="Invoke(T, ref T, ref T, T)"/> is meaningful.</summary>
    static abstract bool Vectorizable { get; }

    T Invoke(T gradient, ref T first, ref T second, T value);

    Vector128<T> Invoke(Vector128<T> gradient, ref Vector128<T> first, ref Vector128<T> second, Vector128<T> value);

    Vector256<T> Invoke(Vector256<T> gradient, ref Vector256<T> first, ref Vector256<T> second, Vector256<T> value);

    Vector512<T> Invoke(Vector512<T> gradient, ref Vector512<T> first, ref Vector512<T> second, Vector512<T> value);
}

/// <summary>
/// The in-place drivers for fused optimizer updates: one pass over memory reads the gradient and rewrites
/// the parameter and its state tensors, element by element, at the widest accelerated vector width.
/// </summary>
/// <remarks>
/// <para>Every element's update depends only on that element, so the ragged tail is handled like
/// <see cref="Elementwise"/> does: the last (overlapping) vector is computed from the original values
/// <em>before</em> the main loop and stored after it. The elements it re-covers receive the very values the
/// loop already wrote, because both were computed from the same inputs. Inputs shorter than one vector take
/// the scalar path.</para>
/// <para>All arrays must be the same length and must not overlap one another: the state and the value are
/// both read and written, so any aliasing would feed one element's result into another's input.</para>
/// <para><c>maxVectorBits</c> caps the width (512, 256, 128, or 0 for scalar only) so that tests can run
/// every path on a machine that accelerates the wider ones; production code leaves it at 512.</para>
/// </remarks>
internal static class OptimizerKernels
{
    /// <summary>For each i: <c>value[i] = op(gradient[i], ref state[i], value[i])</c>.</summary>
    public static void Update<T, TOp>(ReadOnlySpan<T> gradient, Span<T> state, Span<T> value, TOp op, int maxVectorBits = 512)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
    {
        CheckLength(gradient.Length, state.Length, nameof(state));
        CheckLength(gradient.Length, value.Length, nameof(value));
        CheckDisjoint(gradient, state, nameof(state));
        CheckDisjoint(gradient, value, nameof(value));
        CheckDisjoint(state, value, nameof(value));
        ref T gr = ref MemoryMarshal.GetReference(gradient);
        ref T sr = ref MemoryMarshal.GetReference(state);
        ref T wr = ref MemoryMarshal.GetReference(value);
        int n = gradient.Length;
        if (TOp.Vectorizable && (Loop<T, TOp, Width512<T>>(ref gr, ref sr, ref wr, n, op, maxVectorBits)
            || Loop<T, TOp, Width256<T>>(ref gr, ref sr, ref wr, n, op, maxVectorBits) || Loop<T, TOp, Width128<T>>(ref gr, ref sr, ref wr, n, op, maxVectorBits)))
            return;
        for (int i = 0; i < n; i++)
            Unsafe.Add(ref wr, i) = op.Invoke(Unsafe.Add(ref gr, i), ref Unsafe.Add(ref sr, i), Unsafe.Add(ref wr, i));
    }

    /// <summary>The one-state update at width <typeparamref name="TWidth"/>; false when that width does not apply.</summary>
    private static bool Loop<T, TOp, TWidth>(ref T gr, ref T sr, ref T wr, int n, TOp op, int maxVectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IUpdateOperator<T>
        where TWidth : struct, ISimdWidth<TWidth, T>
    {
        if (maxVectorBits < TWidth.Bits || !TWidth.IsAccelerated || n < TWidth.Count)
            return false;
        int w = TWidth.Count;
        nuint last = (nuint)(n - w);
        // The overlapping last vector is computed from the inputs before the loop and stored after it.
        var sEnd = TWidth.Load(ref sr, last);
        var wEnd = TWidth.Update(op, TWidth.Load(ref gr, last), ref sEnd, TWidth.Load(ref wr, last));
        for (int i = 0; i <= n - w; i += w)
        {
            var s = TWidth.Load(ref sr, (nuint)i);
            TWidth.Update(op, TWidth.Load(ref gr, (nuint)i), ref s, TWidth.Load(ref wr, (nuint)i)).Store(ref wr, (nuint)i);
            s.Store(ref sr, (nuint)i);
        }
        sEnd.Store(ref sr, last);
        wEnd.Store(ref wr, last);
        return true;
    }

    /// <summary>For each i: <c>value[i] = op(gradient[i], ref first[i], ref second[i], value[i])</c>.</summary>
    public static void Update<T, TOp>(ReadOnlySpan<T> gradient, Span<T> first, Span<T> second, Span<T> value, TOp op, int maxVectorBits = 512)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, ITwoStateUpdateOperator<T>
    {
        CheckLength(gradient.Length, first.Length, nameof(first));
        CheckLength(gradient.Length, second.Length, nameof(second));
        CheckLength(gradient.Length, value.Length, nameof(value));
        CheckDisjoint(gradient, first, nameof(first));
        CheckDisjoint(gradient, second, nameof(second));
        CheckDisjoint(gradient, value, nameof(value));
        CheckDisjoint(first, second, nameof(second));
        CheckDisjoint(first, value, nameof(value));
        CheckDisjoint(second, value, nameof(value));
        ref T gr = ref MemoryMarshal.GetReference(gradient);
        ref T ar = ref MemoryMarshal.GetReference(first);
        ref T br = ref MemoryMarshal.GetReference(second);
        ref T wr = ref MemoryMarshal.GetReference(value);
        int n = gradient.Length;
        if (TOp.Vectorizable && (Loop<T, TOp, Width512<T>>(ref gr, ref ar, ref br, ref wr, n, op, maxVectorBits)
            || Loop<T, TOp, Width256<T>>(ref gr, ref ar, ref br, ref wr, n, op, maxVectorBits) || Loop<T, TOp, Width128<T>>(ref gr, ref ar, ref br, ref wr, n, op, maxVectorBits)))
            return;
        for (int i = 0; i < n; i++)
            Unsafe.Add(ref wr, i) = op.Invoke(Unsafe.Add(ref gr, i), ref Unsafe.Add(ref ar, i), ref Unsafe.Add(ref br, i), Unsafe.Add(ref wr, i));
    }

    /// <summary>The two-state update at width <typeparamref name="TWidth"/>; false when that width does not apply.</summary>
    private static bool Loop<T, TOp, TWidth>(ref T gr, ref T ar, ref T br, ref T wr, int n, TOp op, int maxVectorBits)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, ITwoStateUpdateOperator<T>
        where TWidth : struct, ISimdWidth<TWidth, T>
    {
        if (maxVectorBits < TWidth.Bits || !TWidth.IsAccelerated || n < TWidth.Count)
            return false;
        int w = TWidth.Count;
        nuint last = (nuint)(n - w);
        var aEnd = TWidth.Load(ref ar, last);
        var bEnd = TWidth.Load(ref br, last);
        var wEnd = TWidth.Update(op, TWidth.Load(ref gr, last), ref aEnd, ref bEnd, TWidth.Load(ref wr, last));
        for (int i = 0; i <= n - w; i += w)
        {
            var a = TWidth.Load(ref ar, (nuint)i);
            var b = TWidth.Load(ref br, (nuint)i);
            TWidth.Update(op, TWidth.Load(ref gr, (nuint)i), ref a, ref b, TWidth.Load(ref wr, (nuint)i)).Store(ref wr, (nuint)i);
            a.Store(ref ar, (nuint)i);
            b.Store(ref br, (nuint)i);
        }
        aEnd.Store(ref ar, last);
        bEnd.Store(ref br, last);
        wEnd.Store(ref wr, last);
        return true;
    }

    private static void CheckLength(int gradientLength, int length, string name)
    {
        if (length != gradientLength)
            throw new ArgumentException($"The gradient has {gradientLength} elements but {name} has {length}.", name);
    }

    /// <summary>Unlike <see cref="Elementwise"/>, even exact aliasing is refused: every array here has its own role.</summary>
    private static void CheckDisjoint<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, string name)
    {
        if (a.Overlaps(b))
            throw new ArgumentException($"{name} overlaps another array of the update; the gradient, the state tensors and the value must be separate buffers.", name);
    }
}
