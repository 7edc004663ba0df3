using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Tensors;
using Backprop.Tensors.Gemm;

namespace Backprop.Tests.Optimizers;

public class ParallelAdamTests
{
    /// <summary>A weight of 40 000 entries (split across threads) and a bias of 200 (not split), with made-up gradients.</summary>
    private static Parameter<float>[] Parameters()
    {
        var w = new Parameter<float>("layers.0.W", 200, 200, regularized: true);
        var b = new Parameter<float>("layers.0.b", 200, 1);
        foreach (var p in new[] { w, b })
            for (int i = 0; i < p.Count; i++)
            {
                p.Value.Span[i] = MathF.Sin(i * 0.37f);
                p.Gradient.Span[i] = MathF.Cos(i * 0.11f) * (i % 7 - 3);
            }
        return [w, b];
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void A_split_step_gives_the_same_bits_as_the_scalar_rule(double weightDecay)
    {
        var parameters = Parameters();
        Assert.True(parameters.Sum(p => p.Count) >= Backprop.Tensors.Gemm.GemmWorkerPool.ElementwiseThreshold);
        var expected = parameters.Select(p => p.Value.Span.ToArray()).ToArray();
        var v = parameters.Select(p => new float[p.Count]).ToArray();
        var s = parameters.Select(p => new float[p.Count]).ToArray();
        Optimizer rule = weightDecay > 0 ? new AdamW(0.01, weightDecay: weightDecay) : new Adam(0.01);
        var state = rule.CreateState(parameters);

        for (int t = 1; t <= 3; t++)
        {
            state.Update(0.01);
            var adam = new AdamOperator<float>(0.9f, (float)(1 - 0.9), (float)(1 - Math.Pow(0.9, t)), 0.999f, (float)(1 - 0.999), (float)(1 - Math.Pow(0.999, t)), 0.01f, 1e-8f);
            var decayed = new DecoupledWeightDecayOperator<float, AdamOperator<float>>((float)(0.01 * weightDecay), adam);
            for (int p = 0; p < parameters.Length; p++)
                for (int i = 0; i < expected[p].Length; i++)
                {
                    float g = parameters[p].Gradient.Span[i];
                    expected[p][i] = weightDecay > 0 && parameters[p].Regularized
                        ? decayed.Invoke(g, ref v[p][i], ref s[p][i], expected[p][i])
                        : adam.Invoke(g, ref v[p][i], ref s[p][i], expected[p][i]);
                }
            for (int p = 0; p < parameters.Length; p++)
                Assert.Equal(expected[p], parameters[p].Value.Span.ToArray());
        }
        Assert.Equal(3, state.Steps);
    }
}
