using Backprop.Data;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>Asserts that a training loop allocates nothing per epoch, by comparing a short and a long run.</summary>
internal static class TrainingAllocations
{
    /// <summary>
    /// Trains fresh networks for <c>few</c> and <c>few + extra</c> epochs (each run after a warm-up run) and
    /// asserts the difference in this thread's allocations is below 16 bytes per extra epoch: a real
    /// per-epoch allocation is at least 24 bytes, while the JIT's tier-up may allocate a little once.
    /// </summary>
    public static void AssertNonePerEpoch(Func<Network<float>> network, Dataset<float> data, TrainingOptions options, int few, int extra)
    {
        long Measure(int epochs)
        {
            var net = network();
            var run = options with { Epochs = epochs, CostEvery = 1_000_000 };
            Trainer.Train(net, data, run); // warm up the JIT and the buffers
            long before = GC.GetAllocatedBytesForCurrentThread();
            Trainer.Train(net, data, run);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long growth = Measure(few + extra) - Measure(few);
        Assert.True(growth < extra * 16, $"{extra} extra epochs allocated {growth} bytes.");
    }
}
