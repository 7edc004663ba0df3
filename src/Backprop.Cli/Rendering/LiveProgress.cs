using System.Globalization;
using Backprop.Training;
using Spectre.Console;

namespace Backprop.Cli.Rendering;

/// <summary>
/// How a command shows training progress: a live Spectre.Console bar on stderr when it is a terminal
/// (cost, dev cost and accuracy, learning rate, examples/s, ETA), <see cref="PlainProgress"/> lines when
/// it is redirected (CI logs), nothing with --quiet or --json.
/// </summary>
internal static class LiveProgress
{
    /// <summary>Runs <paramref name="train"/> with the progress callback that fits, and returns its result.</summary>
    public static TResult Run<TResult>(TextWriter error, int epochs, bool silent, Func<TrainingCallback?, TResult> train)
    {
        if (silent)
            return train(null);
        if (!ReferenceEquals(error, Console.Error) || Console.IsErrorRedirected)
            return train(new PlainProgress(error, epochs));

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        TResult result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: epochs);
                result = train(new SpectreCallback(task, epochs));
            });
        return result;
    }

    /// <summary>Moves the bar one step per epoch and puts the latest numbers in its description.</summary>
    private sealed class SpectreCallback(ProgressTask task, int epochs) : TrainingCallback
    {
        private long _examples;

        public override void OnBatchEnd(TrainingContext context, BatchResult result) => _examples += result.Size;

        public override void OnEpochEnd(TrainingContext context, EpochResult result)
        {
            double rate = _examples / Math.Max(result.Elapsed.TotalSeconds, 1e-9);
            string dev = result.DevCost is double d ? string.Create(CultureInfo.InvariantCulture, $" dev {d:F4}") : "";
            string accuracy = result.DevAccuracy is double a ? string.Create(CultureInfo.InvariantCulture, $" ({a:P1})") : "";
            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"epoch {result.Epoch + 1}/{epochs} cost {result.Cost:F4}{dev}{accuracy} lr {result.LearningRate:G3} {rate:F0} ex/s"));
            task.Value = result.Epoch + 1;
        }
    }
}
