using Backprop.Activations;
using Backprop.Tensors;

namespace Backprop.Tests.Activations;

public class ActivationTests
{
    [Fact]
    public void Course_values_of_sigmoid()
    {
        Assert.Equal(0.5, Activation.Sigmoid.Apply(0));
        Assert.Equal(0.999898970806, Activation.Sigmoid.Apply(9.2), 12);
        Assert.Equal(0.88079708, Activation.Sigmoid.Apply(2), 8);
    }

    [Theory]
    [InlineData(-2.0, 0.0, -0.02)]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(3.0, 3.0, 3.0)]
    public void Relu_and_leaky_relu_values(double z, double relu, double leaky)
    {
        Assert.Equal(relu, Activation.ReLU.Apply(z));
        Assert.Equal(leaky, Activation.LeakyReLU().Apply(z), 15);
    }

    [Fact]
    public void Leaky_relu_slope_is_validated_and_named()
    {
        Assert.Equal("LeakyReLU(0.2)", Activation.LeakyReLU(0.2).Name);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Activation.LeakyReLU(-0.1));
        Assert.Equal("slope", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Activation.LeakyReLU(double.NaN));
    }

    public static TheoryData<string> All => ["Sigmoid", "Tanh", "ReLU", "Linear", "LeakyReLU"];

    [Theory]
    [MemberData(nameof(All))]
    public void Backward_equals_finite_difference_of_forward(string name)
    {
        var g = name == "LeakyReLU" ? Activation.LeakyReLU(0.1) : name switch
        {
            "Sigmoid" => Activation.Sigmoid,
            "Tanh" => Activation.Tanh,
            "ReLU" => Activation.ReLU,
            _ => Activation.Linear,
        };
        double[] zs = [-3.1, -0.7, -0.01, 0.02, 0.5, 2.4, 6.0, -6.0];
        var z = new Matrix<double>(1, zs.Length);
        zs.CopyTo(z.Span);
        var a = new Matrix<double>(1, zs.Length);
        g.Forward(z, [0.0], a);
        var dA = new Matrix<double>(1, zs.Length);
        for (int j = 0; j < zs.Length; j++) dA[0, j] = 1.5;
        var dZ = new Matrix<double>(1, zs.Length);
        g.Backward(a, dA, dZ);
        for (int j = 0; j < zs.Length; j++)
        {
            Assert.Equal(g.Apply(zs[j]), a[0, j], 14);
            double numeric = 1.5 * (g.Apply(zs[j] + 1e-6) - g.Apply(zs[j] - 1e-6)) / 2e-6;
            Assert.Equal(numeric, dZ[0, j], 8);
        }
    }
}
