using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Tests.Layers;

// Measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public class NetworkTests
{
    private static Network<T> Deep<T>(int seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => new NetworkBuilder(12)
            .Dense(20, Activation.ReLU, Initializer.He)
            .Dense(7, Activation.LeakyReLU(), Initializer.Xavier)
            .Dense(5, Activation.Tanh, Initializer.Glorot)
            .Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .Build<T>(new FastRandom((ulong)seed));

    [Fact]
    public void Course_initial_weights_are_drawn_layer_by_layer_from_the_numpy_stream()
    {
        // REFERENCE.md: the C1 W4 L-layer model draws W_l = randn(n_l, n_(l-1)) / sqrt(n_(l-1)) after seed 1, W1 first.
        var network = new NetworkBuilder(3).Dense(2, Activation.ReLU, Initializer.Xavier).Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .Build<double>(new NumPyRandom(1));
        var expected = new NumPyRandom(1);
        foreach (var p in network.Parameters.Where(p => p.Name.EndsWith(".W", StringComparison.Ordinal)))
            foreach (double w in p.Value.Span.ToArray())
                Assert.Equal(expected.NextGaussian() / Math.Sqrt(p.Value.Columns), w);
        Assert.All(network.Parameters.Where(p => p.Name.EndsWith(".b", StringComparison.Ordinal)), p => Assert.All(p.Value.Span.ToArray(), b => Assert.Equal(0.0, b)));
    }

    [Fact]
    public void Zero_initialized_hidden_layer_warns_that_symmetry_is_not_broken()
    {
        var net = new NetworkBuilder(2).Dense(4, Activation.ReLU, Initializer.Zeros).Dense(1, Activation.Sigmoid, Initializer.Zeros).Build<double>(new FastRandom(1));
        Assert.Single(net.Warnings);
        Assert.Contains("symmetry", net.Warnings[0]);
        var logistic = new NetworkBuilder(2).Dense(1, Activation.Sigmoid, Initializer.Zeros).Build<double>(new FastRandom(1));
        Assert.Empty(logistic.Warnings);
    }

    [Fact]
    public void Same_seed_gives_the_same_bits_after_training_steps()
    {
        static float[] Train()
        {
            var net = Deep<float>(5);
            var (x, y) = Batch<float>(11, 12, 33);
            var state = new GradientDescent(0.1).CreateState(net.Parameters);
            for (int i = 0; i < 20; i++) { net.ComputeGradients(x, y); state.Update(0.1); }
            return net.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Steady_state_training_step_allocates_nothing()
    {
        var net = Deep<float>(1);
        var (x, y) = Batch<float>(2, 12, 64);
        var state = new GradientDescent(0.05).CreateState(net.Parameters);
        for (int i = 0; i < 3; i++) { net.ComputeGradients(x, y); state.Update(0.05); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) { net.ComputeGradients(x, y); state.Update(0.05); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Smaller_batch_reuses_buffers_and_matches_a_fresh_forward()
    {
        var net = Deep<double>(9);
        var (x, _) = Batch<double>(4, 12, 40);
        net.Forward(x);
        var small = new Matrix<double>(12, 3);
        for (int r = 0; r < 12; r++) for (int c = 0; c < 3; c++) small[r, c] = x[r, c];
        var expected = net.Predict(x);
        var actual = net.Forward(small);
        Assert.Equal(3, actual.Columns);
        for (int c = 0; c < 3; c++) Assert.Equal(expected[0, c], actual[0, c], 12);

        // Gradients on the small batch, after a large one, equal those of a fresh network; and growing back works.
        var y = new Matrix<double>(1, 3);
        y[0, 1] = 1;
        net.ComputeGradients(small, y);
        var fresh = Deep<double>(9);
        fresh.ComputeGradients(small, y);
        for (int p = 0; p < net.Parameters.Count; p++)
            Assert.Equal(fresh.Parameters[p].Gradient.Span.ToArray(), net.Parameters[p].Gradient.Span.ToArray());
        Assert.Equal(expected.Span.ToArray(), net.Forward(x).Span.ToArray());
    }

    [Fact]
    public void Wrong_input_shape_names_the_layer_and_both_dimensions()
    {
        var net = Deep<double>(1);
        var ex = Assert.Throws<ShapeMismatchException>(() => net.Forward(new Matrix<double>(11, 4)));
        Assert.Contains("12", ex.Message);
        Assert.Contains("[11, 4]", ex.Message);
        var layer = (DenseLayer<double>)net.Layers[1];
        var layerEx = Assert.Throws<ShapeMismatchException>(() => layer.Forward(new Matrix<double>(19, 2), training: false));
        Assert.Contains("Layer 1", layerEx.Message);
        Assert.Contains("20 rows", layerEx.Message);
    }

    [Fact]
    public void Non_positive_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkBuilder(0));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkBuilder(3).Dense(0, Activation.ReLU));
        Assert.Contains("Layer 0", ex.Message);
        Assert.Throws<InvalidOperationException>(() => new NetworkBuilder(3).Build<double>(new FastRandom(1)));
        Assert.Throws<ArgumentException>(() => new NetworkBuilder(3).Dense(1, Activation.ReLU).Build<double>(new FastRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescent(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescent(double.NaN));
    }

    [Fact]
    public void Summary_lists_layers_and_parameter_counts()
    {
        var net = new NetworkBuilder(12288).Dense(20, Activation.ReLU).Dense(1, Activation.Sigmoid).WithLoss(Loss.BinaryCrossEntropy).Build<float>(new FastRandom(1));
        string summary = net.Summary();
        Assert.Contains("Dense(12288 => 20, ReLU)", summary);
        Assert.Contains("245,780 parameters", summary);
        Assert.Equal(245_780 + 21, net.ParameterCount);
    }

    internal static (Matrix<T> X, Matrix<T> Y) Batch<T>(int seed, int features, int m) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new FastRandom((ulong)seed);
        var x = new Matrix<T>(features, m);
        var y = new Matrix<T>(1, m);
        for (int i = 0; i < x.Length; i++) x.Span[i] = T.CreateTruncating(random.NextGaussian());
        for (int j = 0; j < m; j++) y.Span[j] = x.Span[j] + x.Span[m + j] > T.Zero ? T.One : T.Zero;
        return (x, y);
    }
}

public class NetworkBadInputTests
{
    private static Network<double> Small() => new NetworkBuilder(3).Dense(4, Activation.ReLU).Dense(1, Activation.Sigmoid).Build<double>(new FastRandom(1));

    [Fact]
    public void Empty_batch_is_rejected()
        => Assert.Contains("no examples", Assert.Throws<ArgumentException>(() => Small().Forward(new Matrix<double>(3, 0))).Message);

    [Fact]
    public void Cost_or_backward_before_forward_says_so()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Small().Backward(new Matrix<double>(1, 5)));
        Assert.Contains("forward pass first", ex.Message);
        var net = Small();
        net.Forward(new Matrix<double>(3, 5));
        Assert.Contains("[1, 4]", Assert.Throws<ShapeMismatchException>(() => net.Cost(new Matrix<double>(1, 4))).Message);
    }

    [Fact]
    public void Unsupported_element_type_is_named()
        => Assert.Contains("Half", Assert.Throws<NotSupportedException>(() => new NetworkBuilder(2).Dense(1, Activation.Sigmoid).Build<Half>(new FastRandom(1))).Message);

    [Fact]
    public void Accuracy_rejects_non_finite_predictions_and_invalid_labels()
    {
        var y = Matrix<double>.FromArray(new double[,] { { 0, 1 } });
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => Backprop.Metrics.Accuracy.Binary(Matrix<double>.FromArray(new double[,] { { double.NaN, 0.9 } }), y)).Message);
        Assert.Contains("labels 0 or 1", Assert.Throws<ArgumentException>(() => Backprop.Metrics.Accuracy.Binary(Matrix<double>.FromArray(new double[,] { { 0.1, 0.9 } }), Matrix<double>.FromArray(new double[,] { { 0, 2 } }))).Message);
        Assert.Throws<ShapeMismatchException>(() => Backprop.Metrics.Accuracy.Binary(new Matrix<double>(2, 2), new Matrix<double>(2, 2)));
    }

    [Fact]
    public void Impossible_matrix_size_names_the_shape()
        => Assert.Contains("[100000, 100000]", Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix<float>(100000, 100000)).Message);
}

/// <summary>
/// W1-sized products take the GEMM's multi-threaded path; these checks must hold there too. The
/// process-wide allocation count is only meaningful while no other test runs, hence the serial collection.
/// </summary>
[Collection(SerialCollection.Name)]
public class NetworkAtScaleTests
{
    private static (Network<float> Net, Matrix<float> X, Matrix<float> Y) CatSized()
    {
        var net = new NetworkBuilder(12288)
            .Dense(20, Activation.ReLU, Initializer.Xavier)
            .Dense(7, Activation.ReLU, Initializer.Xavier)
            .Dense(5, Activation.ReLU, Initializer.Xavier)
            .Dense(1, Activation.Sigmoid, Initializer.Xavier)
            .Build<float>(new NumPyRandom(1));
        var (x, y) = NetworkTests.Batch<float>(3, 12288, 209);
        return (net, x, y);
    }

    [Fact]
    public void Multi_threaded_steps_allocate_nothing_on_any_thread()
    {
        var (net, x, y) = CatSized();
        var state = new GradientDescent(0.0075).CreateState(net.Parameters);
        for (int i = 0; i < 3; i++) { net.ComputeGradients(x, y); state.Update(0.0075); }
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 20; i++) { net.ComputeGradients(x, y); state.Update(0.0075); }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        // The test host's own threads (result reporting, timers) may allocate a little meanwhile; a buffer
        // allocated per step would be at least 20×209 floats (16 KiB) × 20 steps, far above this bound.
        Assert.True(allocated < 64 * 1024, $"20 steps allocated {allocated} bytes across threads.");
    }

    [Fact]
    public void Multi_threaded_training_is_bit_for_bit_repeatable()
    {
        static float[] Run()
        {
            var (net, x, y) = CatSized();
            var state = new GradientDescent(0.0075).CreateState(net.Parameters);
            for (int i = 0; i < 5; i++) { net.ComputeGradients(x, y); state.Update(0.0075); }
            return net.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }
        Assert.Equal(Run(), Run());
    }
}
