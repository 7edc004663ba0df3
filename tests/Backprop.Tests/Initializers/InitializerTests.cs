using Backprop.Initializers;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Tests.Initializers;

public class InitializerTests
{
    [Theory]
    [InlineData("He", 400, 100, 2.0 / 400)]
    [InlineData("Xavier", 400, 100, 1.0 / 400)]
    [InlineData("Glorot", 400, 100, 2.0 / 500)]
    [InlineData("RandomNormal", 400, 100, 1e-4)]
    public void Weights_have_the_course_variance(string name, int fanIn, int fanOut, double variance)
    {
        var initializer = name switch
        {
            "He" => Initializer.He,
            "Xavier" => Initializer.Xavier,
            "Glorot" => Initializer.Glorot,
            _ => Initializer.RandomNormal(0.01),
        };
        var w = new Matrix<double>(fanOut, fanIn);
        initializer.Initialize(w, new FastRandom(11));
        double mean = w.Span.ToArray().Average();
        double measured = w.Span.ToArray().Select(v => (v - mean) * (v - mean)).Sum() / w.Length;
        Assert.InRange(measured / variance, 0.97, 1.03); // 40 000 draws: ±3 % is > 4 standard errors
        Assert.InRange(mean, -4 * Math.Sqrt(variance / w.Length), 4 * Math.Sqrt(variance / w.Length));
    }

    [Fact]
    public void Xavier_divides_each_draw_like_the_course_rather_than_multiplying()
    {
        var w = new Matrix<double>(20, 12288);
        Initializer.Xavier.Initialize(w, new NumPyRandom(1));
        var again = new NumPyRandom(1);
        for (int i = 0; i < 1000; i++)
            Assert.Equal(again.NextGaussian() / Math.Sqrt(12288), w.Span[i]);
    }

    [Fact]
    public void Zeros_fills_zero_and_does_not_break_symmetry()
    {
        var w = new Matrix<float>(3, 4);
        w.Span.Fill(5);
        Initializer.Zeros.Initialize(w, new FastRandom(1));
        Assert.All(w.Span.ToArray(), v => Assert.Equal(0f, v));
        Assert.False(Initializer.Zeros.BreaksSymmetry);
        Assert.True(Initializer.He.BreaksSymmetry);
    }

    [Fact]
    public void Float_weights_are_the_double_draws_rounded_once()
    {
        var f = new Matrix<float>(5, 7);
        var d = new Matrix<double>(5, 7);
        Initializer.He.Initialize(f, new NumPyRandom(1));
        Initializer.He.Initialize(d, new NumPyRandom(1));
        for (int i = 0; i < f.Length; i++)
            Assert.Equal((float)d.Span[i], f.Span[i]);
    }

    [Fact]
    public void Random_normal_scale_is_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializer.RandomNormal(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializer.RandomNormal(double.PositiveInfinity));
        Assert.Equal("RandomNormal(0.01)", Initializer.RandomNormal().Name);
    }
}
