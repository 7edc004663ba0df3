using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Tensors.Kernels;

/// <summary>
/// Batch normalization of one unit's row of m values, fused: forward in three passes (sum; centre and sum of
/// squares; scale, shift), backward in two (dγ and dβ together; dz).
/// </summary>
/// <remarks>
/// Why not one library call per step: a unit's row is a batch long (128–256 values), so the six separate
/// vector calls per row the straightforward version made cost as much in call and loop set-up as in
/// arithmetic, and each re-read the row. 256-bit vectors: a row is only a few dozen vectors, so wider ones
/// would gain little over the loop tails, and every x86-64 machine with AVX2 (or Arm with 128-bit vectors,
/// handled by the scalar path here) gets the same code.
/// </remarks>
internal static class BatchNormKernels
{
    /// <summary>Σ x over the row.</summary>
    public static T Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        T sum = T.Zero;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            // Four accumulators: one would make every add wait for the last (a row is a chain of dozens).
            int w = Vector256<T>.Count;
            Vector256<T> acc0 = Vector256<T>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                acc0 += Vector256.LoadUnsafe(ref xr, (nuint)i);
                acc1 += Vector256.LoadUnsafe(ref xr, (nuint)(i + w));
                acc2 += Vector256.LoadUnsafe(ref xr, (nuint)(i + 2 * w));
                acc3 += Vector256.LoadUnsafe(ref xr, (nuint)(i + 3 * w));
            }
            for (; i <= n - w; i += w)
                acc0 += Vector256.LoadUnsafe(ref xr, (nuint)i);
            sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        for (; i < n; i++)
            sum += Unsafe(ref xr, i);
        return sum;
    }

    /// <summary>xhat = x − mean, returning Σ xhat².</summary>
    public static T CentreAndSumSquares<T>(ReadOnlySpan<T> x, T mean, Span<T> xhat) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, xhat.Length);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T hr = ref MemoryMarshal.GetReference(xhat);
        int n = x.Length, i = 0;
        T sum = T.Zero;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            var mu = Vector256.Create(mean);
            int w = Vector256<T>.Count;
            Vector256<T> acc0 = Vector256<T>.Zero, acc1 = acc0;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var d0 = Vector256.LoadUnsafe(ref xr, (nuint)i) - mu;
                var d1 = Vector256.LoadUnsafe(ref xr, (nuint)(i + w)) - mu;
                d0.StoreUnsafe(ref hr, (nuint)i);
                d1.StoreUnsafe(ref hr, (nuint)(i + w));
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            }
            for (; i <= n - w; i += w)
            {
                var d = Vector256.LoadUnsafe(ref xr, (nuint)i) - mu;
                d.StoreUnsafe(ref hr, (nuint)i);
                acc0 += d * d;
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; i < n; i++)
        {
            T d = Unsafe(ref xr, i) - mean;
            Unsafe(ref hr, i) = d;
            sum += d * d;
        }
        return sum;
    }

    /// <summary>xhat = xhat·inverseStd, then output = γ·xhat + β.</summary>
    public static void ScaleShift<T>(Span<T> xhat, T inverseStd, T gamma, T beta, Span<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(xhat.Length, output.Length);
        ref T hr = ref MemoryMarshal.GetReference(xhat);
        ref T or = ref MemoryMarshal.GetReference(output);
        int n = xhat.Length, i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            var s = Vector256.Create(inverseStd);
            var g = Vector256.Create(gamma);
            var b = Vector256.Create(beta);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var h = Vector256.LoadUnsafe(ref hr, (nuint)i) * s;
                h.StoreUnsafe(ref hr, (nuint)i);
                (h * g + b).StoreUnsafe(ref or, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            T h = Unsafe(ref hr, i) * inverseStd;
            Unsafe(ref hr, i) = h;
            Unsafe(ref or, i) = h * gamma + beta;
        }
    }

    /// <summary>(Σ dOut·xhat, Σ dOut) in one pass.</summary>
    public static (T DotXhat, T Sum) GradientSums<T>(ReadOnlySpan<T> dOut, ReadOnlySpan<T> xhat) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(dOut.Length, xhat.Length);
        ref T dr = ref MemoryMarshal.GetReference(dOut);
        ref T hr = ref MemoryMarshal.GetReference(xhat);
        int n = dOut.Length, i = 0;
        T dot = T.Zero, sum = T.Zero;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            int w = Vector256<T>.Count;
            Vector256<T> dot0 = Vector256<T>.Zero, dot1 = dot0, sum0 = dot0, sum1 = dot0;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                var d0 = Vector256.LoadUnsafe(ref dr, (nuint)i);
                var d1 = Vector256.LoadUnsafe(ref dr, (nuint)(i + w));
                dot0 += d0 * Vector256.LoadUnsafe(ref hr, (nuint)i);
                dot1 += d1 * Vector256.LoadUnsafe(ref hr, (nuint)(i + w));
                sum0 += d0;
                sum1 += d1;
            }
            for (; i <= n - w; i += w)
            {
                var d = Vector256.LoadUnsafe(ref dr, (nuint)i);
                dot0 += d * Vector256.LoadUnsafe(ref hr, (nuint)i);
                sum0 += d;
            }
            dot = Vector256.Sum(dot0 + dot1);
            sum = Vector256.Sum(sum0 + sum1);
        }
        for (; i < n; i++)
        {
            T d = Unsafe(ref dr, i);
            dot += d * Unsafe(ref hr, i);
            sum += d;
        }
        return (dot, sum);
    }

    /// <summary>dz = (m·dOut − Σ dOut − xhat·Σ dOut·xhat)·scale, with scale = γ/(m·√(σ² + ε)).</summary>
    public static void InputGradient<T>(ReadOnlySpan<T> dOut, ReadOnlySpan<T> xhat, T m, T sum, T dotXhat, T scale, Span<T> dz)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(dOut.Length, xhat.Length);
        Check(dOut.Length, dz.Length);
        ref T dr = ref MemoryMarshal.GetReference(dOut);
        ref T hr = ref MemoryMarshal.GetReference(xhat);
        ref T zr = ref MemoryMarshal.GetReference(dz);
        int n = dOut.Length, i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            var mv = Vector256.Create(m);
            var sv = Vector256.Create(sum);
            var gv = Vector256.Create(dotXhat);
            var cv = Vector256.Create(scale);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var d = Vector256.LoadUnsafe(ref dr, (nuint)i) * mv - sv - Vector256.LoadUnsafe(ref hr, (nuint)i) * gv;
                (d * cv).StoreUnsafe(ref zr, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe(ref zr, i) = (Unsafe(ref dr, i) * m - sum - Unsafe(ref hr, i) * dotXhat) * scale;
    }

    private static ref T Unsafe<T>(ref T start, int i) => ref System.Runtime.CompilerServices.Unsafe.Add(ref start, i);

    private static void Check(int expected, int actual)
    {
        if (actual < expected)
            throw new ArgumentException($"Batch-norm kernel: a row of {expected} values needs a destination of at least {expected}; got {actual}.");
    }
}
