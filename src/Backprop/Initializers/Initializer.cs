using System.Globalization;
using System.Numerics;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Initializers;

/// <summary>
/// How a dense layer's weights W^[l] (shape [n_l, n_(l−1)]) are drawn. Biases always start at zero.
/// </summary>
/// <remarks>
/// Random initializers draw <c>randn(n_l, n_(l−1))</c> in row-major order, in double precision, from
/// the network's <see cref="IRandomSource"/> and then scale each draw exactly as the course's NumPy code
/// does (multiplying or dividing), converting to the element type last. Layers are initialized in
/// order W^[1], W^[2], …, so a <c>NumPyRandom</c> seeded like the course reproduces its initial weights
/// bit for bit.
/// </remarks>
public abstract class Initializer
{
    private protected Initializer() { }

    /// <summary>All weights zero. Does not break symmetry: every unit of a hidden layer learns the same function.</summary>
    public static Initializer Zeros { get; } = new ZerosInitializer();

    /// <summary>He initialization, W = randn · √(2 / n_(l−1)), suited to ReLU layers.</summary>
    public static Initializer He { get; } = new ScaledNormalInitializer("He", (_, fanIn) => Math.Sqrt(2.0 / fanIn), divide: false);

    /// <summary>Xavier initialization, W = randn / √n_(l−1) (the course's deep cat model; suited to tanh).</summary>
    public static Initializer Xavier { get; } = new ScaledNormalInitializer("Xavier", (_, fanIn) => Math.Sqrt(fanIn), divide: true);

    /// <summary>Glorot (normal) initialization, W = randn · √(2 / (n_(l−1) + n_l)).</summary>
    public static Initializer Glorot { get; } = new ScaledNormalInitializer("Glorot", (fanOut, fanIn) => Math.Sqrt(2.0 / (fanIn + fanOut)), divide: false);

    /// <summary>Small random values, W = randn · <paramref name="scale"/> (the course's 0.01 by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not positive and finite.</exception>
    public static Initializer RandomNormal(double scale = 0.01)
    {
        if (!double.IsFinite(scale) || scale <= 0)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The random-normal scale must be positive and finite.");
        return new ScaledNormalInitializer($"RandomNormal({scale.ToString(CultureInfo.InvariantCulture)})", (_, _) => scale, divide: false);
    }

    /// <summary>A short name, e.g. <c>He</c>.</summary>
    public abstract string Name { get; }

    /// <summary>False for initializers that leave every unit of a layer identical (zeros).</summary>
    public abstract bool BreaksSymmetry { get; }

    /// <summary>Fills <paramref name="weights"/> ([n_l, n_(l−1)]), drawing from <paramref name="random"/>.</summary>
    public abstract void Initialize<T>(Matrix<T> weights, IRandomSource random) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;

    private sealed class ZerosInitializer : Initializer
    {
        public override string Name => "Zeros";
        public override bool BreaksSymmetry => false;
        public override void Initialize<T>(Matrix<T> weights, IRandomSource random) => weights.Clear();
    }

    /// <summary>randn scaled by a factor of (fan-out, fan-in), multiplied or divided as the course writes it.</summary>
    private sealed class ScaledNormalInitializer(string name, Func<int, int, double> factor, bool divide) : Initializer
    {
        public override string Name => name;
        public override bool BreaksSymmetry => true;

        public override void Initialize<T>(Matrix<T> weights, IRandomSource random)
        {
            ArgumentNullException.ThrowIfNull(random);
            double f = factor(weights.Rows, weights.Columns);
            var target = weights.Span;
            for (int i = 0; i < target.Length; i++)
            {
                double draw = random.NextGaussian();
                target[i] = T.CreateTruncating(divide ? draw / f : draw * f);
            }
        }
    }
}
