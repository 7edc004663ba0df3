using System.Numerics;
using Backprop.Tensors.Kernels;

namespace Backprop.Tests.Tensors;

/// <summary><see cref="FiniteCheck.AllFinite{T}"/> against a scalar reading, for every length that hits the vector, four-vector and tail loops.</summary>
public abstract class FiniteCheckTests<T> where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
{
    private static readonly T[] s_bad = [T.NaN, T.PositiveInfinity, T.NegativeInfinity];

    [Fact]
    public void Finite_values_pass_at_every_length_including_extremes()
    {
        var random = new Random(3);
        for (int length = 0; length <= 150; length++)
        {
            var x = new T[length];
            for (int i = 0; i < length; i++)
                x[i] = (i % 7) switch
                {
                    0 => T.MaxValue,
                    1 => -T.MaxValue,
                    2 => T.Epsilon,
                    3 => T.NegativeZero,
                    _ => T.CreateTruncating(random.NextDouble() * 2e6 - 1e6),
                };
            Assert.True(FiniteCheck.AllFinite<T>(x), $"length {length}");
        }
    }

    [Fact]
    public void One_NaN_or_infinity_anywhere_fails()
    {
        foreach (int length in new[] { 1, 3, 15, 16, 17, 63, 64, 65, 129, 150 })
            foreach (T bad in s_bad)
                for (int at = 0; at < length; at++)
                {
                    var x = new T[length];
                    Array.Fill(x, T.CreateTruncating(1.5e30));
                    x[at] = bad;
                    Assert.False(FiniteCheck.AllFinite<T>(x), $"length {length}, {bad} at {at}");
                }
    }

    [Fact]
    public void Infinities_of_both_signs_do_not_cancel()
    {
        var x = new T[64];
        x[5] = T.PositiveInfinity;
        x[37] = T.NegativeInfinity;
        Assert.False(FiniteCheck.AllFinite<T>(x));
    }
}

public sealed class FiniteCheckFloatTests : FiniteCheckTests<float>;

public sealed class FiniteCheckDoubleTests : FiniteCheckTests<double>;
