using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Tensors.Kernels;

/// <summary>
/// Generic front-ends for the runtime's vectorized math, which exists only for <see cref="float"/> and
/// <see cref="double"/>. The <c>typeof(T)</c> tests are constants to the JIT, so each specialization
/// keeps exactly one branch.
/// </summary>
internal static class VectorMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp<T>(Vector128<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return Vector128.Exp(x.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.Exp(x.As<T, double>()).As<double, T>();
        throw new NotSupportedException($"Element type {typeof(T).Name} is not supported; use float or double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return Vector256.Exp(x.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.Exp(x.As<T, double>()).As<double, T>();
        throw new NotSupportedException($"Element type {typeof(T).Name} is not supported; use float or double.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Exp<T>(Vector512<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return Vector512.Exp(x.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector512.Exp(x.As<T, double>()).As<double, T>();
        throw new NotSupportedException($"Element type {typeof(T).Name} is not supported; use float or double.");
    }
}
