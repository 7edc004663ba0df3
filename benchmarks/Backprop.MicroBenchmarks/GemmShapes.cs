using BenchmarkDotNet.Attributes;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;

namespace Backprop.MicroBenchmarks;

/// <summary>
/// The GEMM on W5's shapes and on the products of one W2 training step (forward Z = W·X, and backward
/// dW = dZ·Xᵀ and dA = Wᵀ·dZ), float32, both threads. C is preallocated: this measures the multiply alone.
/// </summary>
[MemoryDiagnoser]
public class GemmShapes
{
    private Matrix<float> _a = null!, _b = null!, _c = null!;
    private MatrixOp _opA, _opB;

    /// <summary>M×N×K and the operand layouts (N: as stored, T: transposed).</summary>
    [Params("1024x1024x1024 NN", "128x256x784 NN", "256x784x128 NN", "256x128x784 NT", "256x784x128 NT", "256x128x128 TN", "20x209x12288 NN", "20x12288x209 NT")]
    public string Shape { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split(' ');
        int[] size = parts[0].Split('x').Select(int.Parse).ToArray();
        int m = size[0], n = size[1], k = size[2];
        _opA = parts[1][0] == 'T' ? MatrixOp.Transpose : MatrixOp.None;
        _opB = parts[1][1] == 'T' ? MatrixOp.Transpose : MatrixOp.None;
        _a = _opA == MatrixOp.None ? Fill.Uniform(m, k, 1) : Fill.Uniform(k, m, 1);
        _b = _opB == MatrixOp.None ? Fill.Uniform(k, n, 2) : Fill.Uniform(n, k, 2);
        _c = new Matrix<float>(m, n);
    }

    [Benchmark]
    public void Multiply() => Gemm.Multiply(_a, _opA, _b, _opB, _c);
}
