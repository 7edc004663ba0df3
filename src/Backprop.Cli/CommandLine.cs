using System.CommandLine;
using Backprop.Cli.Commands;
using Backprop.Training;
using Backprop.Tuning;

namespace Backprop.Cli;

/// <summary>
/// Builds the command tree and runs it, with the output writers injected so tests can capture them. It is the
/// one place where errors become output: commands throw, and <see cref="RunAsync"/> writes one line
/// (<c>backprop COMMAND: message</c>) and picks the exit code (<see cref="ExitCode"/>).
/// </summary>
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
        string prefix = parse.CommandResult.Command is RootCommand ? "backprop" : $"backprop {parse.CommandResult.Command.Name}";
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                await error.WriteLineAsync($"{prefix}: {OneLine(e.Message)}");
            return UserError;
        }
        // Without the default handler an exception reaches the catch below, which reports it in one line, never a stack trace.
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"{prefix}: {Message(ex)}");
            return ExitCode(ex);
        }
    }

    /// <summary>An exception's message on one line (some runtime messages append "Actual value was …" on a second line).</summary>
    public static string OneLine(Exception ex) => OneLine(ex.Message);

    /// <summary><paramref name="message"/> on one line.</summary>
    public static string OneLine(string message) => message.ReplaceLineEndings(" ");

    /// <summary>
    /// The line reported for <paramref name="ex"/>: its message, or "cancelled.", or for an exception nobody
    /// expected (a bug) its message after "unexpected TYPE:", so a bug report names it.
    /// </summary>
    public static string Message(Exception ex) => ex switch
    {
        OperationCanceledException => "cancelled.",
        _ when IsUserError(ex) || IsFailure(ex) => OneLine(ex),
        _ => $"unexpected {ex.GetType().Name}: {OneLine(ex)}",
    };

    /// <summary><see cref="UserError"/> for errors in the input (<see cref="IsUserError"/>), else <see cref="Failure"/>.</summary>
    public static int ExitCode(Exception ex) => IsUserError(ex) ? UserError : Failure;

    /// <summary>Errors caused by the input (files, values, shapes), reported as such rather than as failures.</summary>
    public static bool IsUserError(Exception ex)
        => ex is IOException or InvalidDataException or FormatException or ArgumentException or UnauthorizedAccessException or KeyNotFoundException or NotSupportedException;

    /// <summary>
    /// Runs that failed for a known reason other than the input, reported by their message alone: training
    /// diverged, a search left trials unfinished, a command gave up (<see cref="CommandFailedException"/>).
    /// </summary>
    private static bool IsFailure(Exception ex) => ex is TrainingDivergedException or IncompleteSearchException or CommandFailedException;
}
