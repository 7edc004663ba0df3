using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Tensors.Kernels;

/// <summary>Whether a span holds only finite values, in one vector pass.</summary>
/// <remarks>
/// x − x is +0 for every finite x and NaN for ±∞ and NaN, so the sum of x − x over the span is 0 exactly when every
/// value is finite (a sum of zeros cannot overflow, and a NaN stays NaN). Four independent vector sums and no test
/// per vector: twice as fast as <c>TensorPrimitives.IsFiniteAll</c> over half of W2's gradients held in L2 (1.8 against
/// 3.6 µs), which is what the trainer's divergence check runs every step. An empty span is all finite.
/// </remarks>
internal static class FiniteCheck
{
    /// <summary>True when no element of <paramref name="x"/> is NaN or infinite (also for an empty span).</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length;
        if (AllFinite<T, Width512<T>>(ref xr, n, out bool result) || AllFinite<T, Width256<T>>(ref xr, n, out result)
            || AllFinite<T, Width128<T>>(ref xr, n, out result))
            return result;
        T sum = T.Zero;
        for (nuint i = 0; i < n; i++)
            sum += Unsafe.Add(ref xr, i) - Unsafe.Add(ref xr, i);
        return sum == T.Zero;
    }

    /// <summary>The pass at width <typeparamref name="TWidth"/>; false when that width does not apply.</summary>
    private static bool AllFinite<T, TWidth>(ref T xr, nuint n, out bool result)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TWidth : struct, ISimdWidth<TWidth, T>
    {
        result = false;
        nuint lanes = (nuint)TWidth.Count;
        if (!TWidth.IsAccelerated || n < lanes)
            return false;
        TWidth s0 = TWidth.Broadcast(T.Zero), s1 = s0, s2 = s0, s3 = s0;
        nuint i = 0;
        for (; i + 4 * lanes <= n; i += 4 * lanes)
        {
            TWidth x0 = TWidth.Load(ref xr, i), x1 = TWidth.Load(ref xr, i + lanes);
            TWidth x2 = TWidth.Load(ref xr, i + 2 * lanes), x3 = TWidth.Load(ref xr, i + 3 * lanes);
            s0 += x0 - x0;
            s1 += x1 - x1;
            s2 += x2 - x2;
            s3 += x3 - x3;
        }
        for (; i + lanes <= n; i += lanes)
        {
            TWidth x = TWidth.Load(ref xr, i);
            s0 += x - x;
        }
        T sum = TWidth.Sum(s0 + s1 + (s2 + s3));
        for (; i < n; i++)
            sum += Unsafe.Add(ref xr, i) - Unsafe.Add(ref xr, i);
        result = sum == T.Zero;
        return true;
    }
}
