using System.Numerics;
using Backprop.Optimizers;
using Backprop.Schedules;
using Backprop.Tensors;

namespace Backprop.Training;

/// <summary>Everything besides the network that a checkpoint keeps, gathered by the trainer after an epoch.</summary>
/// <param name="Epoch">Epochs completed: training resumes with this 0-based epoch.</param>
/// <param name="Stopped">Whether a callback had asked training to stop.</param>
/// <param name="Optimizer">The update rule (its kind is checked on resume).</param>
/// <param name="OptimizerState">Its slots and step count.</param>
/// <param name="Frozen">Names of the frozen parameters.</param>
/// <param name="Schedule">The learning-rate schedule, or null.</param>
/// <param name="DropoutRandom">State of the generator the dropout layers share, or null without dropout.</param>
/// <param name="ShuffleRandom">State of the shuffling generator, or null when the order depends on the epoch alone.</param>
/// <param name="AugmentationRandom">State of the augmentation generator, or null without augmentation.</param>
/// <param name="Callbacks">Each resumable callback's name and state, in callback order.</param>
/// <param name="BestWeights">The weights saved for "restore best weights", or null.</param>
/// <param name="Costs">The cost history so far.</param>
internal sealed record CheckpointState<T>(
    int Epoch, bool Stopped, Optimizer Optimizer, IOptimizerState<T> OptimizerState, IReadOnlyList<string> Frozen,
    LearningRateSchedule? Schedule, byte[]? DropoutRandom, byte[]? ShuffleRandom, byte[]? AugmentationRandom,
    IReadOnlyList<(string Name, double[] State)> Callbacks, IReadOnlyList<Matrix<T>>? BestWeights, IReadOnlyList<CostRecord> Costs)
    where T : unmanaged, IFloatingPointIeee754<T>;
