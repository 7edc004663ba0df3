using System.Diagnostics;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;

namespace Backprop.Benchmarks;

/// <summary>
/// W5 "gemm" of ../shared/bench/WORKLOADS.md: C = A·B, row-major, no transposes, uniform [0,1) float32,
/// with C freshly allocated by every call (as <c>A @ B</c> / <c>torch.mm</c> does). One warm-up call,
/// then repetitions until at least 1 s and 3 reps have run (at most 200).
/// </summary>
internal static class W5Gemm
{
    private static readonly (int M, int N, int K)[] Shapes = [(1024, 1024, 1024), (128, 256, 784), (256, 784, 128), (4096, 4096, 4096)];

    public static Dictionary<string, object?> Run(ulong seed)
    {
        var random = new FastRandom(seed);
        var results = new List<Dictionary<string, object?>>();
        double rssBefore = ProcessMemory.ResetPeak();
        foreach (var (m, n, k) in Shapes)
        {
            var a = Uniform(m, k, random);
            var b = Uniform(k, n, random);
            Multiply(a, b);
            var seconds = new List<double>();
            var total = Stopwatch.StartNew();
            while (seconds.Count < 200 && (seconds.Count < 3 || total.Elapsed.TotalSeconds < 1.0))
            {
                long start = Stopwatch.GetTimestamp();
                Multiply(a, b);
                seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            seconds.Sort();
            double flop = 2.0 * m * n * k;
            double median = seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : (seconds[seconds.Count / 2 - 1] + seconds[seconds.Count / 2]) / 2;
            results.Add(new Dictionary<string, object?>
            {
                ["M"] = m,
                ["N"] = n,
                ["K"] = k,
                ["reps"] = seconds.Count,
                ["gflops_best"] = Math.Round(flop / seconds[0] / 1e9, 2),
                ["gflops_median"] = Math.Round(flop / median / 1e9, 2),
            });
        }
        return new Dictionary<string, object?>
        {
            ["workload"] = "W5",
            ["layout"] = "row-major, C = A·B (no transpose), C allocated per call",
            ["gemm"] = results,
            ["peak_rss_mb"] = Math.Round(ProcessMemory.Peak(), 1),
            ["rss_before_train_mb"] = Math.Round(rssBefore, 1),
        };
    }

    /// <summary>One timed call: a fresh C, as the peers' <c>A @ B</c> allocates its result (uninitialized, like theirs).</summary>
    private static Matrix<float> Multiply(Matrix<float> a, Matrix<float> b)
        => Gemm.Multiply(a, MatrixOp.None, b, MatrixOp.None);

    private static Matrix<float> Uniform(int rows, int columns, FastRandom random)
    {
        var matrix = new Matrix<float>(rows, columns);
        var span = matrix.Span;
        for (int i = 0; i < span.Length; i++)
            span[i] = (float)random.NextDouble();
        return matrix;
    }
}
