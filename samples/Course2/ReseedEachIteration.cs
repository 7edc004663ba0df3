using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Samples.Course2;

/// <summary>
/// The regularization notebook's quirk: its dropout forward pass calls <c>np.random.seed(1)</c> first,
/// so every iteration draws the same masks. Re-seeding the dropout generator before each forward pass
/// reproduces that.
/// </summary>
internal sealed class ReseedEachIteration(NumPyRandom random, uint seed) : TrainingCallback
{
    public override void OnBatchBegin(TrainingContext context, int epoch, int batch) => random.Seed(seed);
}
