using Backprop.Activations;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tests.Diagnostics;

namespace Backprop.Tests.Losses;

// Measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public class SoftmaxTests
{
    [Fact]
    public void Softmax_of_each_column_matches_the_definition_and_survives_huge_logits()
    {
        var z = Matrix<double>.FromArray(new double[,] { { 1, 1000, -3 }, { 2, 1000, -3 }, { 3, -1000, -3 } });
        var a = new Matrix<double>(3, 3);
        Activation.Softmax.Forward(z, [0.0, 0.0, 0.0], a);
        double e = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Assert.Equal(Math.Exp(1) / e, a[0, 0], 15);
        Assert.Equal(Math.Exp(3) / e, a[2, 0], 15);
        Assert.Equal(0.5, a[0, 1]);
        Assert.Equal(0.0, a[2, 1]);
        Assert.Equal(1.0 / 3, a[1, 2], 15);
    }

    [Fact]
    public void Categorical_cross_entropy_is_finite_for_confident_wrong_answers()
    {
        var z = Matrix<double>.FromArray(new double[,] { { 1000, 0 }, { -1000, 0 } });
        var y = Matrix<double>.FromArray(new double[,] { { 0, 1 }, { 1, 0 } });
        var a = new Matrix<double>(2, 2);
        Activation.Softmax.Forward(z.Clone(), [0.0, 0.0], a);
        Assert.Equal((2000 + Math.Log(2)) / 2, Loss.CategoricalCrossEntropy.Cost(z, a, y), 12);
    }

    [Fact]
    public void Gradient_check_softmax_with_cross_entropy_and_softmax_jacobian_with_mse()
    {
        var random = new FastRandom(21);
        var ce = new NetworkBuilder(4).Dense(6, Activation.Tanh, Initializer.Xavier).Dense(3, Activation.Softmax, Initializer.Xavier)
            .WithLoss(Loss.CategoricalCrossEntropy).Build<double>(random);
        var x = new Matrix<double>(4, 7);
        random.FillGaussian(x.Span);
        var y = OneHot.Encode<double>([0, 2, 1, 1, 0, 2, 2], 3);
        Assert.True(GradientCheck.Run(ce, x, y).RelativeDifference < 1e-7);

        var mse = new NetworkBuilder(4).Dense(3, Activation.Softmax, Initializer.Xavier).WithLoss(Loss.MeanSquaredError).Build<double>(random);
        var (_, target) = GradientCheckTests.RandomBatch(random, 4, 3, 7, binary: false);
        var report = GradientCheck.Run(mse, x, target);
        Assert.True(report.RelativeDifference < 1e-7, report.ToString());
    }

    [Fact]
    public void One_hot_encoding_argmax_and_categorical_accuracy()
    {
        var y = OneHot.Encode<float>([2, 0, 1], 3);
        Assert.Equal(new float[] { 0, 1, 0, 0, 0, 1, 1, 0, 0 }, y.Span.ToArray());
        var p = Matrix<float>.FromArray(new double[,] { { 0.1, 0.7, 0.2 }, { 0.2, 0.2, 0.5 }, { 0.7, 0.1, 0.3 } });
        Assert.Equal([2, 0, 1], OneHot.ArgMax(p));
        Assert.Equal(1.0, Accuracy.Categorical(p, y));
        Assert.Equal(y.Span.ToArray(), OneHot.Encode(Matrix<float>.FromArray(new double[,] { { 2, 0, 1 } }), 3).Span.ToArray());
    }

    [Fact]
    public void Bad_labels_are_named()
    {
        Assert.Contains("Label 1 is 3", Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<float>([0, 3], 3)).Message);
        Assert.Contains("Label 0 is 1.5", Assert.Throws<ArgumentException>(() => OneHot.Encode(Matrix<float>.FromArray(new double[,] { { 1.5 } }), 3)).Message);
        var notOneHot = Matrix<double>.FromArray(new double[,] { { 1, 0.5 }, { 0, 0.4 } });
        Assert.Contains("column 1", Assert.Throws<ArgumentException>(() => Loss.CategoricalCrossEntropy.ValidateLabels(notOneHot)).Message);
        Assert.Throws<ArgumentException>(() => Loss.CategoricalCrossEntropy.ValidateOutputActivation(Activation.Sigmoid));
        Assert.Throws<ArgumentException>(() => Loss.BinaryCrossEntropy.ValidateOutputActivation(Activation.Softmax));
        Assert.Throws<InvalidOperationException>(() => Activation.Softmax.Apply(1));
    }

    [Fact]
    public void Softmax_training_steps_allocate_nothing()
    {
        var random = new FastRandom(2);
        var net = new NetworkBuilder(10).Dense(16, Activation.ReLU).Dense(4, Activation.Softmax, Initializer.Xavier)
            .WithLoss(Loss.CategoricalCrossEntropy).Build<float>(random);
        var x = new Matrix<float>(10, 64);
        for (int i = 0; i < x.Length; i++) x.Span[i] = (float)random.NextGaussian();
        var y = OneHot.Encode<float>(Enumerable.Range(0, 64).Select(i => i % 4).ToArray(), 4);
        var state = new GradientDescent(0.1).CreateState(net.Parameters);
        for (int i = 0; i < 3; i++) { net.ComputeGradients(x, y); state.Update(0.1); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        double first = net.ComputeGradients(x, y);
        for (int i = 0; i < 30; i++) { state.Update(0.1); net.ComputeGradients(x, y); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(net.Cost(y) < first);
    }
}
