using BenchmarkDotNet.Attributes;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.MicroBenchmarks;

/// <summary>
/// Each fused element-wise pass of a W2/W3 training step on its real size (256 units × batch 128, or 512 × 256
/// for batch norm and dropout): one pass over memory each, none allocating.
/// </summary>
[MemoryDiagnoser]
public class FusedKernels
{
    private Matrix<float> _z = null!, _a = null!, _dA = null!, _dZ = null!, _bias = null!;
    private Matrix<float> _logits = null!, _probabilities = null!, _labels = null!, _dLogits = null!;
    private Matrix<float> _bnInput = null!, _bnGradient = null!;
    private BatchNormLayer<float> _batchNorm = null!;
    private DropoutLayer<float> _dropout = null!;
    private IOptimizerState<float> _adam = null!;

    [GlobalSetup]
    public void Setup()
    {
        _z = Fill.Uniform(256, 128, 1);
        _a = new Matrix<float>(256, 128);
        _dA = Fill.Uniform(256, 128, 2);
        _dZ = new Matrix<float>(256, 128);
        _bias = Fill.Uniform(256, 1, 3);
        Activation.ReLU.Forward(_z, _bias.Span, _a);

        _logits = Fill.Uniform(10, 128, 4);
        _probabilities = new Matrix<float>(10, 128);
        Activation.Softmax.Forward(_logits, new float[10], _probabilities);
        _labels = new Matrix<float>(10, 128);
        for (int j = 0; j < 128; j++)
            _labels[j % 10, j] = 1;
        _dLogits = new Matrix<float>(10, 128);

        _bnInput = Fill.Uniform(512, 256, 5);
        _bnGradient = Fill.Uniform(512, 256, 6);
        _batchNorm = new BatchNormLayer<float>(1, 512);
        _batchNorm.Forward(_bnInput, training: true);
        _dropout = new DropoutLayer<float>(2, 512, 0.8, new FastRandom(7));
        _dropout.Forward(_bnInput, training: true);

        // W2's parameters: 784·256 + 256 + 256·128 + 128 + 128·10 + 10.
        var parameters = new[] { (256, 784), (256, 1), (128, 256), (128, 1), (10, 128), (10, 1) }
            .Select((s, i) => new Parameter<float>($"p{i}", s.Item1, s.Item2)).ToArray();
        foreach (var p in parameters)
            Fill.Uniform(p.Value.Rows, p.Value.Columns, 8).Span.CopyTo(p.Gradient.Span);
        _adam = new Adam(0.001).CreateState(parameters);
    }

    /// <summary>A = ReLU(Z + b), 256 × 128.</summary>
    [Benchmark]
    public void BiasRelu() => Activation.ReLU.Forward(_z, _bias.Span, _a);

    /// <summary>dZ = dA ⊙ ReLU′, 256 × 128.</summary>
    [Benchmark]
    public void ReluBackward() => Activation.ReLU.Backward(_a, _dA, _dZ);

    /// <summary>Softmax and cross-entropy's dZ = A − Y together, 10 × 128.</summary>
    [Benchmark]
    public void SoftmaxCrossEntropyGradient() => Loss.CategoricalCrossEntropy.OutputGradient(Activation.Softmax, _logits, _probabilities, _labels, _dLogits);

    /// <summary>The cost J = −(1/m) Σ y log a from the logits, 10 × 128.</summary>
    [Benchmark]
    public double CrossEntropyCost() => Loss.CategoricalCrossEntropy.Cost(_logits, _probabilities, _labels);

    /// <summary>Batch-norm forward in training mode (batch statistics, running averages), 512 × 256.</summary>
    [Benchmark]
    public Matrix<float> BatchNormForward() => _batchNorm.Forward(_bnInput, training: true);

    /// <summary>Batch-norm backward (dγ, dβ and dZ̃ in two passes), 512 × 256.</summary>
    [Benchmark]
    public Matrix<float>? BatchNormBackward() => _batchNorm.Backward(_bnGradient, computeInputGradient: true);

    /// <summary>Inverted dropout: draw the mask and scale by 1/keep_prob in one pass, 512 × 256.</summary>
    [Benchmark]
    public Matrix<float> DropoutForward() => _dropout.Forward(_bnInput, training: true);

    /// <summary>One Adam step over W2's 235 146 weights.</summary>
    [Benchmark]
    public void AdamStep() => _adam.Update(0.001);
}
