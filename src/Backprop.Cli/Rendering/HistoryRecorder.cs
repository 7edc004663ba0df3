using System.Globalization;
using System.Text;
using Backprop.Training;

namespace Backprop.Cli.Rendering;

/// <summary>
/// Keeps every epoch's result, for plotting after training, and the same history as text for the checkpoints
/// (property <see cref="Property"/>), so the plots of a resumed run show the whole run.
/// </summary>
/// <remarks>
/// The text has one line per epoch, <c>epoch,cost,last_batch_cost,learning_rate,dev_cost,dev_accuracy\n</c>, numbers
/// in round-trip form and an empty field for a value the epoch did not have; the time is not kept.
/// </remarks>
internal sealed class HistoryRecorder : TrainingCallback
{
    /// <summary>The checkpoint property holding the history.</summary>
    public const string Property = "train.history";

    private readonly IReadOnlyList<EpochResult> _before;
    private readonly StringBuilder _text = new();

    /// <summary>A recorder whose history starts with <paramref name="before"/> (the epochs of the run a checkpoint continues).</summary>
    public HistoryRecorder(IReadOnlyList<EpochResult>? before = null) => _before = before ?? [];

    public List<EpochResult> Epochs { get; } = [];

    /// <summary>The first epoch this process trained: the number of epochs the history started with (0 for a new run).</summary>
    public int ResumedAt => _before.Count;

    /// <summary>The history so far as checkpoint text.</summary>
    public string Text => _text.ToString();

    public override void OnTrainBegin(TrainingContext context)
    {
        Epochs.Clear();
        _text.Clear();
        foreach (var result in _before)
            Add(result);
    }

    public override void OnEpochEnd(TrainingContext context, EpochResult result) => Add(result);

    /// <summary>The epochs a checkpoint's history holds; empty when it has none (a checkpoint written without it) or too few.</summary>
    /// <exception cref="InvalidDataException">A line is not an epoch's record.</exception>
    public static IReadOnlyList<EpochResult> Restore(TrainingCheckpoint<float> checkpoint)
    {
        if (!checkpoint.Metadata.Properties.TryGetValue(Property, out string? text))
            return [];
        var epochs = new List<EpochResult>();
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < lines.Length; i++)
        {
            string[] f = lines[i].Split(',');
            double? Number(int k) => f[k].Length == 0 ? null : double.Parse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (f.Length != 6 || !int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int epoch) || epoch != i
                || f.Skip(1).Any(x => x.Length > 0 && !double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                throw new InvalidDataException($"'{checkpoint.Path}': {Property} line {i + 1} is not 'epoch,cost,last_batch_cost,learning_rate,dev_cost,dev_accuracy' for epoch {i}.");
            epochs.Add(new EpochResult
            {
                Epoch = epoch, Cost = Number(1) ?? double.NaN, LastBatchCost = Number(2) ?? double.NaN, LearningRate = Number(3) ?? double.NaN,
                DevCost = Number(4), DevAccuracy = Number(5), Elapsed = TimeSpan.Zero,
            });
        }
        // A checkpoint holds the epochs it has done, and the run's history goes on from there; a history that
        // falls short of them cannot be continued without a gap, so the charts then show this run's epochs alone.
        return epochs.Count >= checkpoint.Epoch ? epochs[..checkpoint.Epoch] : [];
    }

    private void Add(EpochResult result)
    {
        Epochs.Add(result);
        _text.Append(CultureInfo.InvariantCulture, $"{result.Epoch},{result.Cost:R},{result.LastBatchCost:R},{result.LearningRate:R},{result.DevCost:R},{result.DevAccuracy:R}\n");
    }
}
