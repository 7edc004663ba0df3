using Backprop.Activations;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;

namespace Backprop.Tests.Layers;

// Changes the GEMM's default thread count while it runs: kept away from the other tests' timing-free checks.
[Collection(SerialCollection.Name)]
public class ActivationAndBatchNormPathTests
{
    private static Matrix<float> Random(int rows, int columns, ulong seed)
    {
        var random = new FastRandom(seed);
        var m = new Matrix<float>(rows, columns);
        for (int i = 0; i < m.Length; i++)
            m.Span[i] = (float)(random.NextUInt32() / 4294967296.0 * 4 - 2);
        return m;
    }

    public static TheoryData<string> ElementWise => ["ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Linear"];

    private static Activation Named(string name) => name switch
    {
        "ReLU" => Activation.ReLU,
        "LeakyReLU" => Activation.LeakyReLU(),
        "Sigmoid" => Activation.Sigmoid,
        "Tanh" => Activation.Tanh,
        _ => Activation.Linear,
    };

    [Theory]
    [MemberData(nameof(ElementWise))]
    public void An_activation_layer_leaves_its_input_alone_and_gives_the_fused_kernels_values(string name)
    {
        var activation = Named(name);
        var input = Random(37, 29, 3);
        var before = input.Span.ToArray();
        var layer = new ActivationLayer<float>(1, 37, activation);

        var a = layer.Forward(input, training: true);

        Assert.Equal(before, input.Span.ToArray());
        // The dense layer's fused path with a zero bias computes the same function.
        var z = input.Clone();
        var expected = new Matrix<float>(37, 29);
        activation.Forward(z, new float[37], expected);
        Assert.Equal(expected.Span.ToArray(), a.Span.ToArray());
    }

    [Fact]
    public void Batch_norm_split_across_threads_gives_the_single_thread_bits()
    {
        // 300 units × 200 examples is above the threshold at which a call is split in two.
        Assert.True(300 * 200 >= Backprop.Tensors.Gemm.GemmWorkerPool.ElementwiseThreshold);
        var input = Random(300, 200, 5);
        var gradient = Random(300, 200, 6);
        (float[] Output, float[] DInput, float[] DGamma, float[] Mean) Run(int threads)
        {
            int saved = GemmOptions.DefaultMaxThreads;
            GemmOptions.DefaultMaxThreads = threads;
            try
            {
                var layer = new BatchNormLayer<float>(1, 300);
                var output = layer.Forward(input, training: true).Span.ToArray();
                var dInput = layer.Backward(gradient, computeInputGradient: true)!.Span.ToArray();
                return (output, dInput, layer.Gamma.Gradient.Span.ToArray(), layer.RunningMean.Span.ToArray());
            }
            finally
            {
                GemmOptions.DefaultMaxThreads = saved;
            }
        }

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Output, two.Output);
        Assert.Equal(one.DInput, two.DInput);
        Assert.Equal(one.DGamma, two.DGamma);
        Assert.Equal(one.Mean, two.Mean);
    }
}
