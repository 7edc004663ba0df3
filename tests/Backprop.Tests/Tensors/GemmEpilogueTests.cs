using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;
using Backprop.Tensors.Kernels;

namespace Backprop.Tests.Tensors;

/// <summary>
/// <see cref="IGemmEpilogue"/>: every element of C is handed to the epilogue exactly once, already final, on any
/// path and thread count; and a dense layer's forward step run as an epilogue gives the bits of the separate pass.
/// </summary>
public sealed class GemmEpilogueTests
{
    /// <summary>Copies each block it is given into a second matrix and counts how often each element was seen.</summary>
    private sealed class Recorder(Matrix<float> c) : IGemmEpilogue
    {
        public Matrix<float> Seen { get; } = new(c.Rows, c.Columns);
        public int[] Count { get; } = new int[c.Rows * c.Columns];

        public void Apply(int m0, int m1, int n0, int n1)
        {
            lock (Count)
                for (int i = m0; i < m1; i++)
                    for (int j = n0; j < n1; j++)
                    {
                        Seen[i, j] = c[i, j];
                        Count[i * c.Columns + j]++;
                    }
        }
    }

    [Theory]
    [InlineData(37, 45, 700, MatrixOp.None, MatrixOp.Transpose)]   // dot products
    [InlineData(256, 128, 784, MatrixOp.None, MatrixOp.Transpose)] // W2's first layer, split between threads
    [InlineData(130, 70, 300, MatrixOp.None, MatrixOp.None)]       // packed panels / B read in place
    [InlineData(65, 300, 257, MatrixOp.Transpose, MatrixOp.Transpose)]
    [InlineData(7, 9, 0, MatrixOp.None, MatrixOp.None)]            // k = 0: C is cleared, the epilogue still runs
    public void Every_element_reaches_the_epilogue_once_and_final(int m, int n, int k, MatrixOp opA, MatrixOp opB)
    {
        var random = new FastRandom(5);
        var a = opA == MatrixOp.None ? TestMatrix.Uniform(m, k, random) : TestMatrix.Uniform(k, m, random);
        var b = opB == MatrixOp.None ? TestMatrix.Uniform(k, n, random) : TestMatrix.Uniform(n, k, random);
        var c = new Matrix<float>(m, n);
        var recorder = new Recorder(c);
        Gemm.Multiply(1f, a, opA, b, opB, 0f, c, recorder);
        Assert.All(recorder.Count, count => Assert.Equal(1, count));
        Assert.Equal(c.Span.ToArray(), recorder.Seen.Span.ToArray());
        var expected = Gemm.Multiply(a, opA, b, opB);
        Assert.Equal(expected.Span.ToArray(), c.Span.ToArray());
    }

    [Theory]
    [InlineData(784, 256, 128)]
    [InlineData(33, 19, 7)]
    public void Dense_forward_inside_the_product_gives_the_bits_of_the_separate_pass(int inputs, int units, int m)
    {
        foreach (var activation in new[] { Activation.ReLU, Activation.LeakyReLU(0.05), Activation.Linear })
        {
            Assert.True(activation.ForwardsByBlock, activation.Name);
            var layer = new DenseLayer<float>(1, inputs, units, activation, Initializer.He);
            layer.Initialize(new FastRandom(11));
            var random = new FastRandom(12);
            for (int i = 0; i < units; i++)
                layer.Bias.Value[i, 0] = (float)(random.NextDouble() - 0.5);
            var x = TestMatrix.Uniform(inputs, m, random);

            var a = layer.Forward(x, training: true);

            var z = Gemm.Multiply(layer.Weights.Value, MatrixOp.None, x, MatrixOp.None);
            var expected = new Matrix<float>(units, m);
            activation.Forward(z, layer.Bias.Value.Span, expected);
            Assert.Equal(z.Span.ToArray(), layer.PreActivation.Span.ToArray());
            Assert.Equal(expected.Span.ToArray(), a.Span.ToArray());
        }
        Assert.False(Activation.Sigmoid.ForwardsByBlock, "Sigmoid's scalar and vector forms may round differently.");
        Assert.False(Activation.Softmax.ForwardsByBlock, "Softmax is not element-wise.");
    }
}
