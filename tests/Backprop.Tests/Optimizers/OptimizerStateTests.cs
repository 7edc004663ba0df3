using Backprop.Activations;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using static Backprop.Tests.Optimizers.OptimizerFixtures;

namespace Backprop.Tests.Optimizers;

/// <summary>What the state exposes (slots, step count, names) and what an update costs (no allocation).</summary>
// Measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public class OptimizerStateTests
{
    private static Network<float> Network() => new NetworkBuilder(4)
        .Dense(5, Activation.ReLU)
        .Dense(3, Activation.Tanh)
        .Dense(1, Activation.Sigmoid)
        .Build<float>(new FastRandom(8));

    public static TheoryData<string, string[]> SlotNames => new()
    {
        { "GradientDescent", [] },
        { "Momentum", ["velocity"] },
        { "Nesterov", ["velocity"] },
        { "RmsProp", ["mean_square"] },
        { "Adam", ["velocity", "mean_square"] },
        { "AdamW", ["velocity", "mean_square"] },
    };

    [Theory]
    [MemberData(nameof(SlotNames))]
    public void Slots_are_named_after_each_parameter_and_shaped_like_it(string name, string[] slots)
    {
        var network = Network();
        var state = Create(name).CreateState(network.Parameters);
        Assert.Equal(network.Parameters.Count * slots.Length, state.Slots.Count);
        foreach (var p in network.Parameters)
            foreach (string slot in slots)
            {
                var tensor = state.Slots[$"{p.Name}.{slot}"];
                Assert.Equal((p.Value.Rows, p.Value.Columns), (tensor.Rows, tensor.Columns));
                Assert.All(tensor.Span.ToArray(), x => Assert.Equal(0f, x));
            }
        if (slots.Length > 0)
            Assert.Contains("layers.0.W." + slots[0], state.Slots.Keys);
    }

    [Fact]
    public void Slots_hold_the_live_state_and_cannot_be_replaced()
    {
        // After one momentum step with g = 2 everywhere, v = 0.9·0 + (1 − 0.9)·2.
        var p = MakeParameter<double>("layers.0.W", 2, 3, new double[6], regularized: true);
        p.Gradient.Span.Fill(2.0);
        var state = new Momentum(0.1).CreateState<double>([p]);
        state.Update(0.1);
        Assert.All(state.Slots["layers.0.W.velocity"].Span.ToArray(), v => Assert.Equal((1 - 0.9) * 2.0, v));
        var asDictionary = Assert.IsAssignableFrom<IDictionary<string, Matrix<double>>>(state.Slots);
        Assert.Throws<NotSupportedException>(() => asDictionary["layers.0.W.velocity"] = new Matrix<double>(2, 3));
    }

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(OptimizerFixtures))]
    public void Steps_counts_updates(string name)
    {
        var state = Create(name).CreateState(Network().Parameters);
        Assert.Equal(0, state.Steps);
        for (int i = 0; i < 4; i++) state.Update(0.01);
        Assert.Equal(4, state.Steps);
    }

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(OptimizerFixtures))]
    public void Restored_slots_and_step_count_continue_bit_for_bit(string name)
    {
        // What resuming from a checkpoint does: a fresh state given the old one's slots and t.
        var (x, y) = Backprop.Tests.Layers.NetworkTests.Batch<float>(3, 4, 37);
        var trained = Network();
        var state = Create(name).CreateState(trained.Parameters);
        for (int i = 0; i < 3; i++)
        {
            trained.ComputeGradients(x, y);
            state.Update(0.01);
        }
        var resumed = Network();
        for (int i = 0; i < trained.Parameters.Count; i++)
            trained.Parameters[i].Value.Span.CopyTo(resumed.Parameters[i].Value.Span);
        var restored = Create(name).CreateState(resumed.Parameters);
        foreach (var (slot, tensor) in state.Slots)
            tensor.Span.CopyTo(restored.Slots[slot].Span);
        restored.Steps = state.Steps;

        foreach (var (network, s) in new[] { (trained, state), (resumed, restored) })
        {
            network.ComputeGradients(x, y);
            s.Update(0.01);
        }
        Assert.Equal(4, restored.Steps);
        for (int i = 0; i < trained.Parameters.Count; i++)
            Assert.Equal(trained.Parameters[i].Value.Span.ToArray(), resumed.Parameters[i].Value.Span.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => restored.Steps = -1);
    }

    [Theory]
    [MemberData(nameof(All), MemberType = typeof(OptimizerFixtures))]
    public void Update_allocates_nothing_after_warm_up(string name)
    {
        var network = Network();
        var (x, y) = Backprop.Tests.Layers.NetworkTests.Batch<float>(3, 4, 37);
        network.ComputeGradients(x, y);
        var state = Create(name).CreateState(network.Parameters);
        var clipping = GradientClipping.ByNorm(0.01);
        var clamp = GradientClipping.ByValue(0.001);
        for (int i = 0; i < 3; i++) { clipping.Apply(network.Parameters); clamp.Apply(network.Parameters); state.Update(0.01); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) { clipping.Apply(network.Parameters); clamp.Apply(network.Parameters); state.Update(0.01); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void State_keeps_its_own_copy_of_the_parameter_list()
    {
        var a = MakeParameter<double>("a", 1, 1, [1.0]);
        var list = new List<Parameter<double>> { a };
        var state = new Momentum(0.5, 0.5).CreateState<double>(list);
        list.Add(MakeParameter<double>("b", 1, 1, [1.0]));
        a.Gradient[0, 0] = 2;
        state.Update(0.5);
        Assert.Equal(0.5, a.Value[0, 0]);
        Assert.Single(state.Slots);
    }

    [Fact]
    public void Null_or_duplicate_parameters_are_refused()
    {
        var a = MakeParameter<double>("layers.0.W", 1, 1, [1.0]);
        foreach (string name in Names.Skip(1))
        {
            Assert.Throws<ArgumentNullException>(() => Create(name).CreateState<double>(null!));
            Assert.Throws<ArgumentNullException>(() => Create(name).CreateState<double>([a, null!]));
            var duplicate = Assert.Throws<ArgumentException>(() => Create(name).CreateState<double>([a, MakeParameter<double>("layers.0.W", 2, 1, [1.0, 2.0])]));
            Assert.Contains("layers.0.W", duplicate.Message);
        }
    }

    [Fact]
    public void Names_show_the_hyperparameters()
    {
        Assert.Equal("Momentum(α=0.0007, β=0.9)", new Momentum(0.0007).ToString());
        Assert.Equal("Nesterov(α=0.1, β=0.95)", new Nesterov(0.1, 0.95).Name);
        Assert.Equal("RmsProp(α=0.001, β2=0.999, ε=1E-08)", new RmsProp(0.001).Name);
        Assert.Equal("Adam(α=0.001, β1=0.9, β2=0.999, ε=1E-08)", new Adam().Name);
        Assert.Equal("AdamW(α=0.001, β1=0.9, β2=0.999, ε=1E-08, λ=0.01)", new AdamW().Name);
        Assert.Equal("ClipByNorm(5)", GradientClipping.ByNorm(5).ToString());
        Assert.Equal("ClipByValue(0.5)", GradientClipping.ByValue(0.5).Name);
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var adam = new Adam();
        Assert.Equal((0.001, 0.9, 0.999, 1e-8), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon));
        var adamW = new AdamW();
        Assert.Equal((0.001, 0.9, 0.999, 1e-8, 0.01), (adamW.LearningRate, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.WeightDecay));
        var rms = new RmsProp(0.01);
        Assert.Equal((0.999, 1e-8), (rms.Beta2, rms.Epsilon));
        Assert.Equal(0.9, new Momentum(0.1).Beta);
        Assert.Equal(0.9, new Nesterov(0.1).Beta);
    }
}
