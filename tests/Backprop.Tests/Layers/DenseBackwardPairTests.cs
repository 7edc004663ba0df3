using System.Numerics.Tensors;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;

namespace Backprop.Tests.Layers;

/// <summary>
/// A dense layer's two backward products run side by side (one per thread) once they are large enough; the gradients
/// are the bits of the products computed one after the other, on all threads each.
/// </summary>
// Asserts what the shared worker pool is doing: runs with no other test alongside.
[Collection(SerialCollection.Name)]
public sealed class DenseBackwardPairTests
{
    [Theory]
    [InlineData(256, 128, 128)] // W2's second layer: paired
    [InlineData(128, 10, 128)]  // W2's output layer: paired
    [InlineData(2, 5, 64)]      // W4's first layer: too small to pair
    public void Paired_products_give_the_bits_of_separate_ones(int inputs, int units, int m)
    {
        var layer = new DenseLayer<float>(2, inputs, units, Activation.ReLU, Initializer.He);
        layer.Initialize(new FastRandom(31));
        var random = new FastRandom(32);
        var x = TestMatrix.Uniform(inputs, m, random);
        layer.Forward(x, training: true);
        var dA = TestMatrix.Uniform(units, m, random);

        var dInput = layer.Backward(dA, computeInputGradient: true)!;

        var dZ = layer.PreActivationGradient;
        float inverseM = 1f / m;
        var dW = new Matrix<float>(units, inputs);
        Gemm.Multiply(inverseM, dZ, MatrixOp.None, x, MatrixOp.Transpose, 0f, dW);
        Assert.Equal(dW.Span.ToArray(), layer.Weights.Gradient.Span.ToArray());
        for (int r = 0; r < units; r++)
            Assert.Equal(inverseM * TensorPrimitives.Sum<float>(dZ.Row(r)), layer.Bias.Gradient[r, 0]);
        var expected = Gemm.Multiply(layer.Weights.Value, MatrixOp.Transpose, dZ, MatrixOp.None);
        Assert.Equal(expected.Span.ToArray(), dInput.Span.ToArray());
    }

    [Fact]
    public void A_product_called_inside_a_running_job_is_computed_whole_on_the_calling_thread()
    {
        var random = new FastRandom(33);
        var a = TestMatrix.Uniform(256, 128, random);
        var b = TestMatrix.Uniform(128, 256, random);
        var alone = Gemm.Multiply(a, MatrixOp.None, b, MatrixOp.None);
        Matrix<float>? nested = null;
        bool busy = false;
        GemmWorkerPool.Shared.Run(new Job(() =>
        {
            busy = GemmWorkerPool.Shared.IsBusy;
            nested = Gemm.Multiply(a, MatrixOp.None, b, MatrixOp.None);
        }), 2);
        Assert.True(busy || Environment.ProcessorCount == 1, "The pool should report the running job.");
        Assert.Equal(alone.Span.ToArray(), nested!.Span.ToArray());
    }

    private sealed class Job(Action first) : IParallelWork
    {
        public void Execute(int part)
        {
            if (part == 0)
                first();
        }
    }
}
