using System.Globalization;
using Backprop.Training;

namespace Backprop.Cli.Rendering;

/// <summary>
/// Progress as plain lines on stderr, about twenty per run (every line: epoch, cost, dev cost and
/// accuracy, learning rate, examples per second). Used when stderr is not a terminal, as in CI logs.
/// </summary>
internal sealed class PlainProgress(TextWriter writer, int epochs) : TrainingCallback
{
    private readonly int _every = Math.Max(1, epochs / 20);
    private int _examples;

    public override void OnBatchEnd(TrainingContext context, BatchResult result) => _examples += result.Size;

    public override void OnEpochEnd(TrainingContext context, EpochResult result)
    {
        if (result.Epoch % _every != 0 && result.Epoch != epochs - 1)
            return;
        double rate = _examples / Math.Max(result.Elapsed.TotalSeconds, 1e-9);
        string dev = result.DevCost is double d ? string.Create(CultureInfo.InvariantCulture, $" · dev cost {d:F4}") : "";
        string accuracy = result.DevAccuracy is double a ? string.Create(CultureInfo.InvariantCulture, $" · dev accuracy {a:P1}") : "";
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {result.Epoch + 1,5}/{epochs} · cost {result.Cost:F4}{dev}{accuracy} · lr {result.LearningRate:G3} · {rate:F0} examples/s"));
    }
}
