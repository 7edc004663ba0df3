using System.Text.Json;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Tests.Layers;
using Backprop.Training;

namespace Backprop.Tests.Training;

// Measures allocations: runs alone, so other tests' garbage collections cannot blur the count.
[Collection(SerialCollection.Name)]
public class MiniBatcherTests
{
    private static Dataset<double> Numbered(int m)
    {
        var x = new Matrix<double>(2, m);
        var y = new Matrix<double>(1, m);
        for (int j = 0; j < m; j++) { x[0, j] = j; x[1, j] = -j; y[0, j] = j % 2; }
        return new Dataset<double>(x, y);
    }

    [Fact]
    public void Course_partition_of_300_examples_in_batches_of_64_is_4_by_64_plus_44()
    {
        var batcher = new MiniBatcher<double>(Numbered(300), 64, ShufflePolicy.None);
        batcher.StartEpoch(0);
        Assert.Equal(5, batcher.BatchesPerEpoch);
        Assert.Equal([64, 64, 64, 64, 44], Enumerable.Range(0, 5).Select(b => batcher.Batch(b).X.Columns));
        var (x, y) = batcher.Batch(4);
        Assert.Equal(256.0, x[0, 0]);
        Assert.Equal(-299.0, x[1, 43]);
        Assert.Equal(1.0, y[0, 43]);
    }

    [Fact]
    public void Large_batches_copied_by_two_threads_hold_each_example_once_whole()
    {
        // 200 examples × 300 features is above the size from which a batch's rows are copied by two threads.
        Assert.True(200 * 300 >= Backprop.Tensors.Gemm.GemmWorkerPool.ElementwiseThreshold);
        var x = new Matrix<double>(300, 1000);
        var y = new Matrix<double>(1, 1000);
        for (int f = 0; f < 300; f++)
            for (int j = 0; j < 1000; j++)
                x[f, j] = j * 1000 + f;
        var batcher = new MiniBatcher<double>(new Dataset<double>(x, y), 200, ShufflePolicy.Random(new FastRandom(8)));
        batcher.StartEpoch(0);
        var seen = new List<int>();
        for (int b = 0; b < batcher.BatchesPerEpoch; b++)
        {
            var (rows, _) = batcher.BatchRows(b);
            for (int j = 0; j < rows.Rows; j++)
            {
                int example = (int)(rows[j, 0] / 1000);
                for (int f = 0; f < 300; f++)
                    Assert.Equal(example * 1000 + f, rows[j, f]);
                seen.Add(example);
            }
        }
        Assert.Equal(Enumerable.Range(0, 1000), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), seen);
    }

    [Fact]
    public void Course_reseeded_shuffle_takes_numpy_permutation_of_seed_11_then_12()
    {
        string path = CourseData.Require("numpy_legacy_rng_reference.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        int[] Permutation(int seed) => json.RootElement.GetProperty("entries").EnumerateArray()
            .First(e => e.GetProperty("seed").GetInt32() == seed && e.GetProperty("call").GetString() == "permutation(300)")
            .GetProperty("values").EnumerateArray().Select(v => v.GetInt32()).ToArray();

        var batcher = new MiniBatcher<double>(Numbered(300), 64, ShufflePolicy.CourseReseeded(11));
        for (int epoch = 0; epoch < 2; epoch++)
        {
            batcher.StartEpoch(epoch);
            int[] expected = Permutation(11 + epoch);
            var seen = new List<int>();
            for (int b = 0; b < batcher.BatchesPerEpoch; b++)
            {
                var (x, _) = batcher.Batch(b);
                for (int j = 0; j < x.Columns; j++) seen.Add((int)x[0, j]);
            }
            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public void Every_example_appears_once_per_epoch_for_any_batch_size()
    {
        foreach (int size in new[] { 1, 7, 50, 99, 100, 1000 })
        {
            var batcher = new MiniBatcher<double>(Numbered(100), size, ShufflePolicy.Random(new FastRandom(4)));
            batcher.StartEpoch(3);
            var seen = new List<int>();
            for (int b = 0; b < batcher.BatchesPerEpoch; b++)
            {
                var (x, y) = batcher.Batch(b);
                for (int j = 0; j < x.Columns; j++)
                {
                    seen.Add((int)x[0, j]);
                    Assert.Equal(x[0, j] % 2, y[0, j]);
                }
            }
            Assert.Equal(Enumerable.Range(0, 100), seen.Order());
        }
    }

    [Fact]
    public void Unshuffled_full_batch_is_the_data_set_itself()
    {
        var data = Numbered(10);
        var batcher = new MiniBatcher<double>(data, 10, ShufflePolicy.None);
        Assert.Same(data.X, batcher.Batch(0).X);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new MiniBatcher<double>(data, 0, ShufflePolicy.None)).ParamName);
    }

    [Fact]
    public void Training_with_passes_large_enough_for_both_threads_stays_allocation_free()
    {
        // 256 × 128 weights and 128 × 256 activations: Adam, the divergence check, the bias + ReLU pass, ReLU's
        // backward pass and dropout all run on both threads (32 768 values or more), through per-thread jobs made once.
        var (x, y) = NetworkTests.Batch<float>(9, 256, 768);
        var data = new Dataset<float>(x, y);
        TrainingAllocations.AssertNonePerEpoch(
            () => new NetworkBuilder(256).Dense(128, Activation.ReLU, Initializer.He).Dropout(0.8).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(3)),
            data, new TrainingOptions { Optimizer = new Adam(0.001), BatchSize = 256, StopOnDivergence = true }, few: 2, extra: 300);
    }

    [Fact]
    public void Mini_batch_training_records_the_size_weighted_epoch_cost_and_stays_allocation_free()
    {
        var (x, y) = NetworkTests.Batch<float>(8, 12, 300);
        var data = new Dataset<float>(x, y);
        var batchCosts = new List<(int Size, double Cost)>();
        var recorder = new BatchRecorder(batchCosts);
        var net = new NetworkBuilder(12).Dense(6, Activation.ReLU, Initializer.He).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(2));
        var history = Trainer.Train(net, data, new TrainingOptions { Optimizer = new GradientDescent(0.1), Epochs = 1, BatchSize = 64, Callbacks = [recorder] });
        Assert.Equal([64, 64, 64, 64, 44], batchCosts.Select(b => b.Size));
        Assert.Equal(batchCosts.Sum(b => b.Cost * b.Size) / 300, history.CostAt(0), 12);

        TrainingAllocations.AssertNonePerEpoch(
            () => new NetworkBuilder(12).Dense(6, Activation.ReLU).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(2)),
            data, new TrainingOptions { Optimizer = new GradientDescent(0.1), BatchSize = 64 }, few: 2, extra: 400);
    }

    [Fact]
    public void Divergence_names_the_epoch_batch_and_leaves_finite_weights()
    {
        var (x, y) = NetworkTests.Batch<float>(9, 12, 100);
        for (int i = 0; i < x.Length; i++) x.Span[i] *= 1e4f;
        var net = new NetworkBuilder(12).Dense(6, Activation.ReLU, Initializer.He).Dense(1, Activation.Sigmoid).Build<float>(new FastRandom(2));
        var ex = Assert.Throws<TrainingDivergedException>(() =>
            Trainer.Train(net, new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(1e35), Epochs = 50, BatchSize = 32 }));
        Assert.Contains($"batch {ex.Batch}", ex.Message);
        Assert.All(net.Parameters, p => Assert.All(p.Value.Span.ToArray(), v => Assert.True(float.IsFinite(v))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Train(net, new Dataset<float>(x, y), new TrainingOptions { Optimizer = new GradientDescent(0.1), BatchSize = 0 }));
    }

    private sealed class BatchRecorder(List<(int Size, double Cost)> costs) : TrainingCallback
    {
        public override void OnBatchEnd(TrainingContext context, BatchResult result) => costs.Add((result.Size, result.Cost));
    }
}
