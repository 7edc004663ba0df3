using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors.Kernels;

namespace Backprop.Training;

/// <summary>
/// The training loop. For each epoch it orders the examples, cuts them into mini-batches (one batch
/// of all m examples by default) and for each batch runs:
/// <code>
/// A = network.Forward(X_batch)    // forward propagation, caches kept
/// J = cost(A, Y_batch)            // before the update, as the course prints it
/// network.Backward(Y_batch)       // dW, db for every layer (+ regularization), then optional clipping
/// optimizer.Update(α)             // W := W − α·dW, or momentum, Adam, …
/// </code>
/// with α from the learning-rate schedule for the epoch. Callbacks may ask for checkpoints
/// (<see cref="TrainingContext.RequestCheckpoint"/>, <see cref="Callbacks.Checkpointing"/>), written after each epoch's
/// callbacks; <c>Resume</c> continues from one exactly.
/// Write your own loop from the same public pieces (<see cref="MiniBatcher{T}"/>,
/// <see cref="Network{T}.ComputeGradients"/>, <see cref="Optimizers.IOptimizerState{T}"/>) when you need something else.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="network"/> on <paramref name="data"/> and returns the cost history.</summary>
    /// <param name="network">The network; its parameters are updated in place.</param>
    /// <param name="data">The training set.</param>
    /// <param name="options">How to train.</param>
    /// <param name="validation">
    /// An optional dev set: after each epoch its cost (and accuracy, for classification) is computed in
    /// prediction mode and passed to callbacks in <see cref="EpochResult"/> (for early stopping).
    /// </param>
    /// <param name="cancellationToken">Checked before each epoch.</param>
    /// <exception cref="ArgumentException">The data does not fit the network, labels are invalid for the loss, or X holds NaN/∞.</exception>
    /// <exception cref="TrainingDivergedException">A cost or gradient became NaN or infinite (unless <see cref="TrainingOptions.StopOnDivergence"/> is off).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static History Train<T>(Network<T> network, Dataset<T> data, TrainingOptions options, Dataset<T>? validation = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        return Run(network, data, options, validation, null, cancellationToken);
    }

    /// <summary>
    /// Continues the run saved in <paramref name="checkpoint"/> up to <see cref="TrainingOptions.Epochs"/> epochs in
    /// all, training <c>checkpoint.Network</c> in place. With the options of the original run (and its data in
    /// the same order) the result is bit-for-bit the uninterrupted run's: the optimizer's slots and step count,
    /// the epoch, the schedule's state, the shuffling, dropout and augmentation generators, the callbacks' states
    /// (early stopping, checkpointing) and the cost history all continue from the checkpoint.
    /// </summary>
    /// <remarks>
    /// Between runs the learning rate, schedule, epochs, batch size, clipping and callbacks may change (the
    /// schedule's own state is kept only when its <see cref="Schedules.LearningRateSchedule.Name"/> is unchanged);
    /// the optimizer's kind may not, since its slots would not carry over. Change λ or keep_prob with
    /// <see cref="Network{T}.WithRegularizer"/> and <see cref="Network{T}.WithKeepProb"/> and
    /// <see cref="Resume{T}(TrainingCheckpoint{T}, Network{T}, Dataset{T}, TrainingOptions, Dataset{T}?, CancellationToken)"/>.
    /// </remarks>
    /// <exception cref="ArgumentException">The optimizer is of another kind than the checkpoint's, <see cref="TrainingOptions.Epochs"/> is not more than the epochs already done, or the data does not fit the network.</exception>
    /// <exception cref="InvalidDataException">The checkpoint's optimizer slots or best weights do not fit the network (a damaged or edited file).</exception>
    public static History Resume<T>(TrainingCheckpoint<T> checkpoint, Dataset<T> data, TrainingOptions options, Dataset<T>? validation = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Run(checkpoint.Network, data, options, validation, checkpoint, cancellationToken);
    }

    /// <summary>
    /// <see cref="Resume{T}(TrainingCheckpoint{T}, Dataset{T}, TrainingOptions, Dataset{T}?, CancellationToken)"/> training
    /// <paramref name="network"/>: the checkpoint's network made over with another λ (<see cref="Network{T}.WithRegularizer"/>)
    /// or keep_prob (<see cref="Network{T}.WithKeepProb"/>), sharing its layers.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="network"/> does not share the checkpoint network's parameters.</exception>
    public static History Resume<T>(TrainingCheckpoint<T> checkpoint, Network<T> network, Dataset<T> data, TrainingOptions options, Dataset<T>? validation = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(network);
        if (!network.Parameters.SequenceEqual(checkpoint.Network.Parameters))
            throw new ArgumentException("The network to resume must share the checkpoint network's layers (made with WithRegularizer or WithKeepProb).", nameof(network));
        return Run(network, data, options, validation, checkpoint, cancellationToken);
    }

    private static History Run<T>(Network<T> network, Dataset<T> data, TrainingOptions options, Dataset<T>? validation, TrainingCheckpoint<T>? resume, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (resume is not null)
            TrainingResume.Check(resume, options);
        DataChecks.ValidateFor(network, data);
        if (validation is not null)
            DataChecks.ValidateFor(network, validation);

        var shuffle = options.Shuffle ?? (options.BatchSize is null ? ShufflePolicy.None : ShufflePolicy.Random(new FastRandom(options.Seed)));
        var batcher = new MiniBatcher<T>(data, options.BatchSize ?? data.Count, shuffle, alwaysCopy: options.Augmentation is not null);
        var augmentationRandom = options.Augmentation is null ? null : new FastRandom(options.Seed + 1);
        // Shuffled batches gathered as example rows go to the first layer as they are (its product reads the
        // transpose); augmentation then works on the rows, drawing exactly what it would draw on columns.
        bool fromRows = batcher.ProvidesRows && network.AcceptsExampleRows;
        // Frozen parameters (transfer learning) get no optimizer state and are never updated.
        var state = options.Optimizer.CreateState(network.TrainableParameters);
        var finiteCheck = options.StopOnDivergence ? new FiniteGradientCheck<T>(network.Parameters) : null;
        var snapshot = new WeightSnapshot<T>(network);
        var context = new TrainingContext(options, snapshot, validation is not null);
        var callbacks = options.Callbacks;
        var costs = new List<CostRecord>(options.Epochs / options.CostEvery + 2);
        var clock = Stopwatch.StartNew();
        options.Schedule?.Reset();
        for (int c = 0; c < callbacks.Count; c++)
            callbacks[c].OnTrainBegin(context);

        int epoch = 0;
        if (resume is not null)
            epoch = TrainingResume.Restore(resume, state, options, shuffle, augmentationRandom, snapshot, costs);
        for (; epoch < options.Epochs && !context.StopTraining; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double baseRate = options.Optimizer.LearningRate;
            double learningRate = options.Schedule?.RateAt(epoch, baseRate) ?? baseRate;
            for (int c = 0; c < callbacks.Count; c++)
                callbacks[c].OnEpochBegin(context, epoch);
            batcher.StartEpoch(epoch);
            double weightedCost = 0, lastCost = 0;
            for (int b = 0; b < batcher.BatchesPerEpoch; b++)
            {
                int size;
                for (int c = 0; c < callbacks.Count; c++)
                    callbacks[c].OnBatchBegin(context, epoch, b);
                if (fromRows)
                {
                    var (rows, y) = batcher.BatchRows(b);
                    options.Augmentation?.ApplyRows(rows, augmentationRandom!);
                    size = rows.Rows;
                    lastCost = network.ComputeGradientsFromRows(rows, y);
                }
                else
                {
                    var (x, y) = batcher.Batch(b);
                    options.Augmentation?.Apply(x, augmentationRandom!);
                    size = x.Columns;
                    lastCost = network.ComputeGradients(x, y);
                }
                if (finiteCheck is not null)
                    CheckFinite(finiteCheck, lastCost, epoch, b, learningRate);
                weightedCost += lastCost * size;
                options.Clipping?.Apply(network.Parameters);
                state.Update(learningRate);
                var batchResult = new BatchResult { Epoch = epoch, Batch = b, Size = size, Cost = lastCost };
                for (int c = 0; c < callbacks.Count; c++)
                    callbacks[c].OnBatchEnd(context, batchResult);
            }
            // One batch: its cost exactly (no ×m/m rounding); several: weighted by batch size.
            double epochCost = batcher.BatchesPerEpoch == 1 ? lastCost : weightedCost / data.Count;
            if (epoch % options.CostEvery == 0 || epoch == options.Epochs - 1)
                costs.Add(new CostRecord(epoch, epochCost));
            options.Schedule?.Observe(epoch, epochCost);
            var result = new EpochResult { Epoch = epoch, Cost = epochCost, LastBatchCost = lastCost, LearningRate = learningRate, Elapsed = clock.Elapsed };
            if (validation is not null)
            {
                var (devCost, devAccuracy) = Evaluate(network, validation);
                result = result with { DevCost = devCost, DevAccuracy = devAccuracy };
            }
            for (int c = 0; c < callbacks.Count; c++)
                callbacks[c].OnEpochEnd(context, result);
            if (context.PendingCheckpoints is { Count: > 0 })
                TrainingResume.WritePending(context, epoch + 1, network, options, state, shuffle, augmentationRandom, snapshot, costs);
        }

        // Each update is checked before it is applied; the very last one can still overflow the weights.
        if (options.StopOnDivergence)
        {
            foreach (var p in network.Parameters)
                if (!FiniteCheck.AllFinite<T>(p.Value.Span))
                    throw new TrainingDivergedException(epoch - 1, batcher.BatchesPerEpoch - 1, $"the update made {p.Name} NaN or infinite", options.Optimizer.LearningRate);
        }

        var history = new History(costs, epoch, epoch < options.Epochs, clock.Elapsed);
        for (int c = 0; c < callbacks.Count; c++)
            callbacks[c].OnTrainEnd(context, history);
        if (context.PendingCheckpoints is { Count: > 0 })
            TrainingResume.WritePending(context, epoch, network, options, state, shuffle, augmentationRandom, snapshot, costs);
        return history;
    }

    /// <summary>The cost and (for classification) the accuracy of <paramref name="data"/> in prediction mode.</summary>
    public static (double Cost, double? Accuracy) Evaluate<T>(Network<T> network, Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        var output = network.Forward(data.X, training: false);
        double cost = network.Cost(data.Y);
        double? accuracy = network.Loss == Losses.Loss.BinaryCrossEntropy ? Metrics.Accuracy.Binary(output, data.Y)
            : network.Loss == Losses.Loss.CategoricalCrossEntropy ? Metrics.Accuracy.Categorical(output, data.Y)
            : null;
        return (cost, accuracy);
    }

    /// <summary>
    /// Throws, before the update, when the batch's cost or any gradient is not finite (the first such
    /// parameter is named), so the weights stay those of the last finite step.
    /// </summary>
    private static void CheckFinite<T>(FiniteGradientCheck<T> check, double cost, int epoch, int batch, double learningRate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!double.IsFinite(cost))
            throw new TrainingDivergedException(epoch, batch, $"the cost became {cost}", learningRate);
        if (check.FirstNonFinite() is { } parameter)
            throw new TrainingDivergedException(epoch, batch, $"the gradient of {parameter.Name} has NaN or infinite entries", learningRate);
    }
}
