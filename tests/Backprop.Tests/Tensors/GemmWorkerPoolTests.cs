using Backprop.Activations;
using Backprop.Tensors.Gemm;
using Backprop.Tensors.Kernels;

namespace Backprop.Tests.Tensors;

// Starts up to seven extra pool workers and measures nothing, but shares the pool with the allocation tests.
[Collection(SerialCollection.Name)]
public sealed class GemmWorkerPoolTests
{
    /// <summary>
    /// Two-part element-wise jobs alternate with eight-part products accumulating into C (β = 1), so a part run twice
    /// would add its product twice. A worker delayed between reading the claim counter and the part count once
    /// could take a part of the next, larger job that another thread also ran (review finding; the claim is now one
    /// compare-and-swap on a word holding both).
    /// </summary>
    [Fact]
    public async Task Jobs_with_different_part_counts_never_run_a_part_twice()
    {
        const int m = 64, n = 256, k = 256;
        var random = new Random(21);
        var a = GemmReference.Random<float>(random, m * k);
        var b = GemmReference.Random<float>(random, k * n);
        var start = GemmReference.Random<float>(random, m * n);
        var expected = (float[])start.Clone();
        Gemm.Compute(false, false, m, n, k, 1f, a, k, b, n, 1f, expected, n, GemmOptions.Default with { MaxThreads = 1 });
        var x = GemmReference.Random<float>(random, 40_000);
        var activated = new float[x.Length];

        var run = Task.Run(() =>
        {
            var c = new float[m * n];
            for (int iteration = 0; iteration < 2_000; iteration++)
            {
                Elementwise.Apply<float, SigmoidOperator<float>>(x, activated, default);
                start.CopyTo(c, 0);
                Gemm.Compute(false, false, m, n, k, 1f, a, k, b, n, 1f, c, n, GemmOptions.Default with { MaxThreads = 8 });
                Assert.True(c.AsSpan().SequenceEqual(expected), $"iteration {iteration}: the product differs from one thread's.");
            }
        });
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken));
        Assert.True(finished == run, "The alternating jobs did not finish: a part was lost or run twice.");
        await run;
    }
}
