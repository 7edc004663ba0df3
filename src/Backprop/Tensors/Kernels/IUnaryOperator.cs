using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Tensors.Kernels;

/// <summary>
/// An element-wise operation of one input, written once as a scalar and once per vector width so
/// that <see cref="Elementwise"/> can run it at the widest width the machine accelerates.
/// </summary>
/// <remarks>
/// Operators are structs passed as generic arguments, so the JIT specializes the driver for each one
/// and inlines <c>Invoke</c>: no virtual call per element. Instance fields carry parameters
/// (a bias, a slope).
/// </remarks>
internal interface IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>False when only the scalar <see cref="Invoke(T)"/> is meaningful.</summary>
    static abstract bool Vectorizable { get; }

    T Invoke(T x);

    Vector128<T> Invoke(Vector128<T> x);

    Vector256<T> Invoke(Vector256<T> x);

    Vector512<T> Invoke(Vector512<T> x);
}

/// <summary>An element-wise operation of two inputs; see <see cref="IUnaryOperator{T}"/>.</summary>
internal interface IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>False when only the scalar <see cref="Invoke(T, T)"/> is meaningful.</summary>
    static abstract bool Vectorizable { get; }

    T Invoke(T x, T y);

    Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);

    Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);

    Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}
