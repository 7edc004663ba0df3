using System.Numerics;
using System.Runtime.Intrinsics;
using System.Text.Json;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;

// Prints one JSON object: the kernel path this process chose, and the results of the GEMM (every operand
// layout, odd sizes that leave edge tiles) and of a training step through every activation, batch norm,
// dropout, softmax + cross-entropy and Adam, in float and double. The dispatch tests run this under
// different DOTNET_Enable* settings and compare.
var results = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
Probe<float>("float", results);
Probe<double>("double", results);
var report = new Dictionary<string, object>
{
    ["gemm_path"] = GemmKernelPaths.Best.ToString(),
    ["vector512"] = Vector512.IsHardwareAccelerated,
    ["vector256"] = Vector256.IsHardwareAccelerated,
    ["results"] = results,
};
Console.WriteLine(JsonSerializer.Serialize(report));

static void Probe<T>(string type, IDictionary<string, double[]> results) where T : unmanaged, IFloatingPointIeee754<T>
{
    var random = new FastRandom(17);
    Matrix<T> Random(int rows, int columns)
    {
        var m = new Matrix<T>(rows, columns);
        for (int i = 0; i < m.Length; i++)
            m.Span[i] = T.CreateTruncating(random.NextUInt32() / 4294967296.0 - 0.5);
        return m;
    }
    static double[] Values(Matrix<T> m) => m.Span.ToArray().Select(double.CreateTruncating).ToArray();

    // 37 × 29 × 53 leaves partial tiles in every direction; 3 × 70 × 5 is a skinny product.
    foreach (var (m, n, k) in new[] { (37, 29, 53), (3, 70, 5), (65, 33, 130) })
        foreach (var opA in new[] { MatrixOp.None, MatrixOp.Transpose })
            foreach (var opB in new[] { MatrixOp.None, MatrixOp.Transpose })
            {
                var a = opA == MatrixOp.None ? Random(m, k) : Random(k, m);
                var b = opB == MatrixOp.None ? Random(k, n) : Random(n, k);
                var c = Random(m, n);
                Gemm.Multiply(T.CreateTruncating(0.75), a, opA, b, opB, T.CreateTruncating(0.5), c);
                results[$"{type}.gemm.{m}x{n}x{k}.{opA}.{opB}"] = Values(c);
            }

    var bn = new BatchNormOptions();
    var network = new NetworkBuilder(13)
        .Dense(19, Activation.ReLU, Initializer.He, bn).Dropout(0.8)
        .Dense(17, Activation.Tanh, Initializer.Xavier)
        .Dense(11, Activation.Sigmoid, Initializer.Xavier)
        .Dense(9, Activation.LeakyReLU(), Initializer.He)
        .Dense(5, Activation.Softmax, Initializer.Xavier)
        .WithLoss(Loss.CategoricalCrossEntropy)
        .Build<T>(new FastRandom(3), new FastRandom(4));
    var x = Random(13, 41);
    var y = new Matrix<T>(5, 41);
    for (int j = 0; j < 41; j++)
        y[j % 5, j] = T.One;
    var state = new Adam(0.01).CreateState(network.TrainableParameters);
    double cost = 0;
    for (int step = 0; step < 3; step++)
    {
        cost = network.ComputeGradients(x, y);
        state.Update(0.01);
    }
    results[$"{type}.training.cost"] = [cost];
    foreach (var p in network.Parameters)
        results[$"{type}.training.{p.Name}"] = Values(p.Value);
    results[$"{type}.training.prediction"] = Values(network.Predict(x));
}
