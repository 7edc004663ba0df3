using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Tensors.Kernels;

/// <summary>
/// One SIMD vector width as a type, so that each element-wise driver is written once as a generic loop and
/// instantiated for 512-, 256- and 128-bit vectors. The operators keep their per-width <c>Invoke</c> overloads;
/// a width forwards to its own.
/// </summary>
/// <remarks>
/// Why a type per width rather than three copies of every loop: the JIT inlines a callee only while the caller
/// stays within its budget, and a driver holding three width loops had outgrown it (Adam's operator was called
/// once per vector with every operand spilled, 110 instead of 54 µs per W2 step). Each instantiation here is one
/// small loop. The wrappers hold a single vector field, which the JIT keeps in a register: the loops compile to
/// the same instructions as the hand-written ones.
/// </remarks>
internal interface ISimdWidth<TSelf, T>
    where TSelf : struct, ISimdWidth<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The vector's size in bits.</summary>
    static abstract int Bits { get; }

    /// <summary>Whether the processor runs vectors of this width in hardware.</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>The vector at <paramref name="source"/> + <paramref name="index"/>.</summary>
    static abstract TSelf Load(ref T source, nuint index);

    /// <summary>A vector of <paramref name="value"/> in every lane.</summary>
    static abstract TSelf Broadcast(T value);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf x, TSelf y);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf x, TSelf y);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TSelf x);

    /// <summary><paramref name="op"/>'s vector form of this width.</summary>
    static abstract TSelf Apply<TOp>(TOp op, TSelf x) where TOp : struct, IUnaryOperator<T>;

    /// <summary><paramref name="op"/>'s vector form of this width.</summary>
    static abstract TSelf Apply<TOp>(TOp op, TSelf x, TSelf y) where TOp : struct, IBinaryOperator<T>;

    /// <summary><paramref name="op"/>'s vector form of this width.</summary>
    static abstract TSelf Update<TOp>(TOp op, TSelf gradient, ref TSelf state, TSelf value) where TOp : struct, IUpdateOperator<T>;

    /// <summary><paramref name="op"/>'s vector form of this width.</summary>
    static abstract TSelf Update<TOp>(TOp op, TSelf gradient, ref TSelf first, ref TSelf second, TSelf value) where TOp : struct, ITwoStateUpdateOperator<T>;

    /// <summary>Stores the vector at <paramref name="destination"/> + <paramref name="index"/>.</summary>
    void Store(ref T destination, nuint index);
}

/// <summary>512-bit vectors.</summary>
internal readonly struct Width512<T>(Vector512<T> value) : ISimdWidth<Width512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _value = value;

    public static int Bits => 512;
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width512<T> Load(ref T source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width512<T> Broadcast(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width512<T> operator +(Width512<T> x, Width512<T> y) => new(x._value + y._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width512<T> operator -(Width512<T> x, Width512<T> y) => new(x._value - y._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Width512<T> x) => Vector512.Sum(x._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width512<T> Apply<TOp>(TOp op, Width512<T> x) where TOp : struct, IUnaryOperator<T> => new(op.Invoke(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width512<T> Apply<TOp>(TOp op, Width512<T> x, Width512<T> y) where TOp : struct, IBinaryOperator<T> => new(op.Invoke(x._value, y._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width512<T> Update<TOp>(TOp op, Width512<T> gradient, ref Width512<T> state, Width512<T> value) where TOp : struct, IUpdateOperator<T>
        => new(op.Invoke(gradient._value, ref Unsafe.As<Width512<T>, Vector512<T>>(ref state), value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width512<T> Update<TOp>(TOp op, Width512<T> gradient, ref Width512<T> first, ref Width512<T> second, Width512<T> value) where TOp : struct, ITwoStateUpdateOperator<T>
        => new(op.Invoke(gradient._value, ref Unsafe.As<Width512<T>, Vector512<T>>(ref first), ref Unsafe.As<Width512<T>, Vector512<T>>(ref second), value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T destination, nuint index) => _value.StoreUnsafe(ref destination, index);
}

/// <summary>256-bit vectors.</summary>
internal readonly struct Width256<T>(Vector256<T> value) : ISimdWidth<Width256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector256<T> _value = value;

    public static int Bits => 256;
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;
    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width256<T> Load(ref T source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width256<T> Broadcast(T value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width256<T> operator +(Width256<T> x, Width256<T> y) => new(x._value + y._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width256<T> operator -(Width256<T> x, Width256<T> y) => new(x._value - y._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Width256<T> x) => Vector256.Sum(x._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width256<T> Apply<TOp>(TOp op, Width256<T> x) where TOp : struct, IUnaryOperator<T> => new(op.Invoke(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width256<T> Apply<TOp>(TOp op, Width256<T> x, Width256<T> y) where TOp : struct, IBinaryOperator<T> => new(op.Invoke(x._value, y._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width256<T> Update<TOp>(TOp op, Width256<T> gradient, ref Width256<T> state, Width256<T> value) where TOp : struct, IUpdateOperator<T>
        => new(op.Invoke(gradient._value, ref Unsafe.As<Width256<T>, Vector256<T>>(ref state), value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width256<T> Update<TOp>(TOp op, Width256<T> gradient, ref Width256<T> first, ref Width256<T> second, Width256<T> value) where TOp : struct, ITwoStateUpdateOperator<T>
        => new(op.Invoke(gradient._value, ref Unsafe.As<Width256<T>, Vector256<T>>(ref first), ref Unsafe.As<Width256<T>, Vector256<T>>(ref second), value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T destination, nuint index) => _value.StoreUnsafe(ref destination, index);
}

/// <summary>128-bit vectors.</summary>
internal readonly struct Width128<T>(Vector128<T> value) : ISimdWidth<Width128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector128<T> _value = value;

    public static int Bits => 128;
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;
    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width128<T> Load(ref T source, nuint index) => new(Vector128.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width128<T> Broadcast(T value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width128<T> operator +(Width128<T> x, Width128<T> y) => new(x._value + y._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width128<T> operator -(Width128<T> x, Width128<T> y) => new(x._value - y._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Width128<T> x) => Vector128.Sum(x._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width128<T> Apply<TOp>(TOp op, Width128<T> x) where TOp : struct, IUnaryOperator<T> => new(op.Invoke(x._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width128<T> Apply<TOp>(TOp op, Width128<T> x, Width128<T> y) where TOp : struct, IBinaryOperator<T> => new(op.Invoke(x._value, y._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width128<T> Update<TOp>(TOp op, Width128<T> gradient, ref Width128<T> state, Width128<T> value) where TOp : struct, IUpdateOperator<T>
        => new(op.Invoke(gradient._value, ref Unsafe.As<Width128<T>, Vector128<T>>(ref state), value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Width128<T> Update<TOp>(TOp op, Width128<T> gradient, ref Width128<T> first, ref Width128<T> second, Width128<T> value) where TOp : struct, ITwoStateUpdateOperator<T>
        => new(op.Invoke(gradient._value, ref Unsafe.As<Width128<T>, Vector128<T>>(ref first), ref Unsafe.As<Width128<T>, Vector128<T>>(ref second), value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref T destination, nuint index) => _value.StoreUnsafe(ref destination, index);
}
