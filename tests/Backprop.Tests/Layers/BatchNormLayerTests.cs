using Backprop.Activations;
using Backprop.Diagnostics;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tests.Diagnostics;

namespace Backprop.Tests.Layers;

// Measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public class BatchNormLayerTests
{
    [Fact]
    public void Training_normalizes_each_unit_with_the_biased_batch_variance()
    {
        var bn = new BatchNormLayer<double>(1, 2, momentum: 0.9, epsilon: 1e-5);
        var z = Matrix<double>.FromArray(new double[,] { { 1, 2, 3, 4 }, { 10, 10, 10, 14 } });
        var output = bn.Forward(z, training: true);
        // Unit 0: μ = 2.5, σ² = 1.25 → ẑ = (z − 2.5)/√1.25001.
        double s = Math.Sqrt(1.25 + 1e-5);
        double[] expected = [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s];
        for (int j = 0; j < 4; j++) Assert.Equal(expected[j], output[0, j], 14);
        // Running stats: 0.9·0 + 0.1·2.5 and 0.9·1 + 0.1·(1.25·4/3) (unbiased).
        Assert.Equal(0.25, bn.RunningMean[0, 0], 15);
        Assert.Equal(0.9 + 0.1 * (1.25 * 4 / 3), bn.RunningVariance[0, 0], 15);
        double mean = output.Row(1).ToArray().Average();
        double variance = output.Row(1).ToArray().Select(v => (v - mean) * (v - mean)).Average();
        Assert.Equal(0, mean, 14);
        Assert.Equal(1, variance, 4);
    }

    [Fact]
    public void Running_statistics_converge_and_inference_then_matches_training()
    {
        var bn = new BatchNormLayer<double>(0, 3, momentum: 0.9);
        var random = new FastRandom(6);
        var batch = new Matrix<double>(3, 256);
        for (int step = 0; step < 300; step++)
        {
            for (int r = 0; r < 3; r++)
                for (int j = 0; j < 256; j++)
                    batch[r, j] = 5 * r - 2 + (r + 1) * random.NextGaussian();
            bn.Forward(batch, training: true);
        }
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(5 * r - 2, bn.RunningMean[r, 0], 0.3);
            Assert.Equal((r + 1) * (r + 1), bn.RunningVariance[r, 0], 0.25 * (r + 1) * (r + 1));
        }
        var training = bn.Forward(batch, training: true).Clone();
        var inference = bn.Forward(batch, training: false);
        for (int i = 0; i < training.Length; i++)
            Assert.Equal(training.Span[i], inference.Span[i], 0.25);
    }

    [Fact]
    public void Gradient_check_passes_through_batch_norm_in_training_mode()
    {
        var network = new NetworkBuilder(4)
            .Dense(6, Activation.ReLU, Initializer.He, BatchNormOptions.Default)
            .Dense(5, Activation.Tanh, Initializer.Xavier, new BatchNormOptions { Momentum = 0.99, UnbiasedRunningVariance = false })
            .Dense(3, Activation.Softmax, Initializer.Xavier)
            .WithLoss(Loss.CategoricalCrossEntropy)
            .Build<double>(new FastRandom(12));
        // γ and β away from 1 and 0, so their gradients matter.
        foreach (var p in network.Parameters.Where(p => p.Name.EndsWith("gamma", StringComparison.Ordinal) || p.Name.EndsWith("beta", StringComparison.Ordinal)))
            for (int i = 0; i < p.Count; i++) p.Value.Span[i] = 0.5 + 0.1 * i;
        var random = new FastRandom(13);
        var x = new Matrix<double>(4, 9);
        random.FillGaussian(x.Span);
        var y = Backprop.Data.OneHot.Encode<double>([0, 1, 2, 0, 1, 2, 2, 1, 0], 3);
        var report = GradientCheck.Run(network, x, y);
        Assert.True(report.RelativeDifference < 1e-7, report.ToString());
        Assert.DoesNotContain(network.Parameters, p => p.Name == "layers.0.b");
        Assert.Contains(network.Parameters, p => p.Name == "layers.1.gamma");
    }

    [Fact]
    public void Bad_settings_and_degenerate_batches_are_rejected()
    {
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormLayer<float>(0, 2, momentum: 1)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormLayer<float>(0, 2, epsilon: 0)).ParamName);
        var bn = new BatchNormLayer<float>(3, 2);
        Assert.Contains("batch of 1", Assert.Throws<ArgumentException>(() => bn.Forward(new Matrix<float>(2, 1), training: true)).Message);
        Assert.Equal(1, bn.Forward(new Matrix<float>(2, 1), training: false).Columns);
        Assert.Throws<InvalidOperationException>(() => new NetworkBuilder(2).Dense(1, Activation.Sigmoid, batchNorm: BatchNormOptions.Default).Build<float>(new FastRandom(1)));
    }

    [Fact]
    public void Steps_with_batch_norm_and_dropout_allocate_nothing()
    {
        var random = new FastRandom(2);
        var net = new NetworkBuilder(10).Dense(32, Activation.ReLU, Initializer.He, BatchNormOptions.Default).Dropout(0.8)
            .Dense(4, Activation.Softmax, Initializer.Xavier).WithLoss(Loss.CategoricalCrossEntropy).Build<float>(random);
        var x = new Matrix<float>(10, 64);
        for (int i = 0; i < x.Length; i++) x.Span[i] = (float)random.NextGaussian();
        var y = Backprop.Data.OneHot.Encode<float>(Enumerable.Range(0, 64).Select(i => i % 4).ToArray(), 4);
        var state = new GradientDescent(0.1).CreateState(net.Parameters);
        for (int i = 0; i < 3; i++) { net.ComputeGradients(x, y); state.Update(0.1); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 30; i++) { net.ComputeGradients(x, y); state.Update(0.1); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
