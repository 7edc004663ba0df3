using Backprop.Training;

namespace Backprop.Cli.Rendering;

/// <summary>Keeps every epoch's result, for plotting after training.</summary>
internal sealed class HistoryRecorder : TrainingCallback
{
    public List<EpochResult> Epochs { get; } = [];

    public override void OnTrainBegin(TrainingContext context) => Epochs.Clear();

    public override void OnEpochEnd(TrainingContext context, EpochResult result) => Epochs.Add(result);
}
