using System.CommandLine;
using Backprop.Cli.Commands;

namespace Backprop.Cli;

/// <summary>Builds the command tree and runs it, with the output writers injected so tests can capture them.</summary>
internal static class CommandLine
{
    /// <summary>Exit code for bad input (a missing file, a malformed value, an unknown option).</summary>
    public const int UserError = 2;

    /// <summary>Exit code for a run that failed for another reason (e.g. training diverged).</summary>
    public const int Failure = 1;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Backprop: train fully-connected neural networks as the Deep Learning Specialization teaches.")
        {
            DemoCommand.Create(output, error),
            TrainCommand.Create(output, error),
            EvaluateCommand.Create(output, error),
            PredictCommand.Create(output, error),
            GradcheckCommand.Create(output, error),
            DatasetsCommand.Create(output, error),
            DiagnoseCommand.Create(output, error),
            ErrorsCommand.Create(output, error),
            TuneCommand.Create(output, error),
            TuneWorkerCommand.Create(output, error),
            InspectCommand.Create(output, error),
            ExportCommand.Create(output, error),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                await error.WriteLineAsync($"backprop: {e.Message}");
            return UserError;
        }
        // The commands report the errors a user can cause themselves; anything else still gets one line
        // (with its type, for a bug report), never a stack trace.
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("backprop: cancelled.");
            return Failure;
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"backprop: {(IsUserError(ex) ? "" : $"unexpected {ex.GetType().Name}: ")}{OneLine(ex)}");
            return IsUserError(ex) ? UserError : Failure;
        }
    }

    /// <summary>An exception's message on one line (some runtime messages append "Actual value was …" on a second line).</summary>
    public static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ");

    /// <summary>
    /// The exit code of <c>tune</c> and <c>tune-worker</c> for a search that stopped: <see cref="Failure"/> when trials are left
    /// unfinished (<see cref="Tuning.IncompleteSearchException"/>), else <see cref="UserError"/> (e.g. a log from another search).
    /// </summary>
    public static int SearchExitCode(InvalidOperationException ex) => ex is Tuning.IncompleteSearchException ? Failure : UserError;

    /// <summary>Errors caused by the input (files, values, shapes), reported as such rather than as failures.</summary>
    public static bool IsUserError(Exception ex)
        => ex is IOException or InvalidDataException or FormatException or ArgumentException or UnauthorizedAccessException or KeyNotFoundException or NotSupportedException;
}
