using Backprop.Activations;
using Backprop.Losses;
using Backprop.Tensors;

namespace Backprop.Tests.Losses;

public class LossTests
{
    [Fact]
    public void Binary_cross_entropy_matches_the_course_formula()
    {
        // Course C1 W2 V21 test values: w=[1,2], b=1.5, X=[[1,-2,-1],[3,0.5,-3.2]], Y=[1,1,0] → cost 0.15900537707692405.
        double[] z = [1 * 1 + 2 * 3 + 1.5, 1 * -2 + 2 * 0.5 + 1.5, 1 * -1 + 2 * -3.2 + 1.5];
        var (zm, am, y) = Batch(z, [1, 1, 0]);
        Assert.Equal(0.15900537707692405, Loss.BinaryCrossEntropy.Cost(zm, am, y), 15);
    }

    [Fact]
    public void Binary_cross_entropy_stays_finite_when_the_sigmoid_saturates()
    {
        var (z, a, y) = Batch([800, -800, 40, -40], [0, 1, 1, 0]);
        Assert.Equal(1.0, a[0, 0]);
        Assert.Equal(0.0, a[0, 1]);
        double cost = Loss.BinaryCrossEntropy.Cost(z, a, y);
        Assert.Equal((800 + 800 + 2 * Math.Log(1 + Math.Exp(-40))) / 4, cost, 12);
        var dZ = new Matrix<double>(1, 4);
        Loss.BinaryCrossEntropy.OutputGradient(Activation.Sigmoid, z, a, y, dZ);
        Assert.Equal(new[] { 1.0, -1.0, a[0, 2] - 1, a[0, 3] }, dZ.Span.ToArray());
        Assert.All(dZ.Span.ToArray(), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Binary_cross_entropy_rejects_labels_outside_0_and_1_naming_the_entry()
    {
        var y = Matrix<float>.FromArray(new double[,] { { 0, 1, 2, 0 } });
        var ex = Assert.Throws<ArgumentException>(() => Loss.BinaryCrossEntropy.ValidateLabels(y));
        Assert.Contains("Y[0, 2] is 2", ex.Message);
    }

    [Fact]
    public void Binary_cross_entropy_requires_a_sigmoid_output()
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.BinaryCrossEntropy.ValidateOutputActivation(Activation.ReLU));
        Assert.Contains("Sigmoid", ex.Message);
        Assert.Contains("ReLU", ex.Message);
    }

    [Fact]
    public void Mean_squared_error_value_and_gradient()
    {
        var a = Matrix<double>.FromArray(new double[,] { { 1, 2 }, { 3, 5 } });
        var y = Matrix<double>.FromArray(new double[,] { { 0, 2 }, { 4, 2 } });
        Assert.Equal((1 + 0 + 1 + 9) / 4.0, Loss.MeanSquaredError.Cost(a, a, y));
        var dZ = new Matrix<double>(2, 2);
        Loss.MeanSquaredError.OutputGradient(Activation.Linear, a, a, y, dZ);
        Assert.Equal(new[] { 1.0, 0, -1, 3 }, dZ.Span.ToArray());
    }

    private static (Matrix<double> Z, Matrix<double> A, Matrix<double> Y) Batch(double[] z, double[] y)
    {
        var zm = new Matrix<double>(1, z.Length);
        z.CopyTo(zm.Span);
        var am = new Matrix<double>(1, z.Length);
        Activation.Sigmoid.Forward(zm.Clone(), [0.0], am);
        var ym = new Matrix<double>(1, y.Length);
        y.CopyTo(ym.Span);
        return (zm, am, ym);
    }
}
