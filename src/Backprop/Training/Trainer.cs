using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Layers;

namespace Backprop.Training;

/// <summary>
/// The training loop. For each epoch it runs, over the whole training set:
/// <code>
/// A = network.Forward(X)          // forward propagation, caches kept
/// J = cost(A, Y)                  // recorded every CostEvery epochs, before the update
/// network.Backward(Y)             // dW, db for every layer
/// optimizer.Update(α)             // W := W − α·dW, …
/// </code>
/// Write your own loop from the same public pieces when you need something else.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="network"/> on <paramref name="data"/> and returns the cost history.</summary>
    /// <exception cref="ArgumentException">The data does not fit the network, labels are invalid for the loss, or X holds NaN/∞.</exception>
    /// <exception cref="TrainingDivergedException">The cost became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static History Train<T>(Network<T> network, Dataset<T> data, TrainingOptions options, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        DataChecks.ValidateFor(network, data);

        var state = options.Optimizer.CreateState(network.Parameters);
        var context = new TrainingContext(options);
        var costs = new List<CostRecord>(options.Epochs / options.CostEvery + 2);
        var clock = Stopwatch.StartNew();
        foreach (var callback in options.Callbacks)
            callback.OnTrainBegin(context);

        int epoch = 0;
        for (; epoch < options.Epochs && !context.StopTraining; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double learningRate = options.Optimizer.LearningRate;
            double cost = network.ComputeGradients(data.X, data.Y);
            if (!double.IsFinite(cost))
                throw new TrainingDivergedException(epoch, cost, learningRate);
            if (epoch % options.CostEvery == 0 || epoch == options.Epochs - 1)
                costs.Add(new CostRecord(epoch, cost));
            state.Update(learningRate);
            var result = new EpochResult { Epoch = epoch, Cost = cost, LearningRate = learningRate, Elapsed = clock.Elapsed };
            // Indexed loop: foreach over an IReadOnlyList allocates an enumerator every epoch.
            for (int c = 0; c < options.Callbacks.Count; c++)
                options.Callbacks[c].OnEpochEnd(context, result);
        }

        // The cost is checked before each update; the last update can still overflow the weights.
        foreach (var p in network.Parameters)
            if (!AllFinite(p.Value.Span))
                throw new TrainingDivergedException(epoch - 1, double.NaN, options.Optimizer.LearningRate, $"parameter {p.Name} became NaN or infinite");

        var history = new History(costs, epoch, epoch < options.Epochs, clock.Elapsed);
        foreach (var callback in options.Callbacks)
            callback.OnTrainEnd(context, history);
        return history;
    }

    private static bool AllFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var v in values)
            if (!T.IsFinite(v))
                return false;
        return true;
    }
}
