using Backprop.Cli;
using Backprop.Training;
using Backprop.Tuning;

namespace Backprop.Cli.Tests;

/// <summary>
/// The one error path of the tool: commands throw, and <see cref="CommandLine"/> writes one line
/// "backprop COMMAND: message" and picks the exit code (2 for the user's input, 1 for other failures).
/// </summary>
public sealed class ErrorReportingTests : IDisposable
{
    private readonly DataFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    // Before there was one path, gradcheck's --layers and --activation errors said "backprop: …" while its
    // --examples error said "backprop gradcheck: …", and errors without --model said "backprop: backprop errors needs …".
    [InlineData("backprop gradcheck: --layers expects positive integers separated by commas; 'x' is not one.", "gradcheck", "--layers", "5,x")]
    [InlineData("backprop gradcheck: --activation must be relu, tanh, sigmoid, leaky-relu or linear; got 'swish'.", "gradcheck", "--activation", "swish")]
    [InlineData("backprop gradcheck: --inputs and --examples must be at least 1 (got 4 and 0).", "gradcheck", "--examples", "0")]
    [InlineData("backprop demo: --epochs must be at least 1 (got 0).", "demo", "--epochs", "0")]
    [InlineData("backprop errors: --model is missing: the command needs --model to export (or --tagged FILE to read a tagged CSV back).", "errors", "--out", "x")]
    [InlineData("backprop datasets: --fashion-mnist folder '/no/such/folder' does not exist.", "datasets", "--fashion-mnist", "/no/such/folder")]
    [InlineData("backprop datasets: --cache and --mirror go with --download.", "datasets", "--cache", "/tmp")]
    public async Task User_errors_are_one_line_naming_the_command_with_exit_code_2(string expected, params string[] args)
    {
        var (exit, output, error) = await Cli.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(expected, error.TrimEnd('\n'));
    }

    [Fact]
    public async Task Parse_errors_name_the_command_too()
    {
        var (exit, _, error) = await Cli.Run("demo", "--no-such-flag");
        Assert.Equal(2, exit);
        Assert.StartsWith("backprop demo: ", error);
        Assert.Contains("--no-such-flag", error);
        (exit, _, error) = await Cli.Run("no-such-command");
        Assert.Equal(2, exit);
        Assert.StartsWith("backprop: ", error);
    }

    [Fact]
    public async Task Inspecting_a_missing_model_names_it_in_one_line()
    {
        string missing = _files.PathOf("missing.bpmodel");
        var (exit, _, error) = await Cli.Run("inspect", missing);
        Assert.Equal(2, exit);
        Assert.StartsWith("backprop inspect: ", error);
        Assert.Contains(missing, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Training_that_diverges_exits_1_with_the_library_message_and_writes_no_model()
    {
        string model = _files.PathOf("diverged.bpmodel");
        var (exit, _, error) = await Cli.Run("train", "--data", _files.WriteHdf5(), "--x-key", "x", "--y-key", "y", "--layers", "4", "--optimizer", "gd", "--lr", "1e30",
            "--epochs", "20", "--out", model, "--quiet");
        Assert.Equal(1, exit);
        Assert.StartsWith("backprop train: Training diverged at iteration (epoch) ", error);
        Assert.DoesNotContain("unexpected", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(model));
    }

    [Fact]
    public async Task A_cancelled_run_exits_1_saying_so()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(["demo", "--out", _files.Folder, "--quiet"], output, error, new CancellationToken(canceled: true));
        Assert.Equal(1, exit);
        Assert.Equal("backprop demo: cancelled.", error.ToString().TrimEnd('\n'));
        Assert.False(File.Exists(_files.PathOf("flower.bpmodel")));
    }

    [Fact]
    public void Each_exception_maps_to_one_message_and_exit_code()
    {
        // The user's input: exit 2, the message alone.
        foreach (var ex in new Exception[] { new ArgumentException("a"), new FileNotFoundException("a"), new InvalidDataException("a"), new FormatException("a"), new KeyNotFoundException("a"), new NotSupportedException("a") })
        {
            Assert.Equal(2, CommandLine.ExitCode(ex));
            Assert.Equal("a", CommandLine.Message(ex));
        }
        // Known failures: exit 1, the message alone.
        foreach (var ex in new Exception[] { new TrainingDivergedException(3, 1, "the cost became NaN", 0.5), new IncompleteSearchException("a"), new CommandFailedException("a", new HttpRequestException("b")) })
        {
            Assert.Equal(1, CommandLine.ExitCode(ex));
            Assert.DoesNotContain("unexpected", CommandLine.Message(ex));
        }
        Assert.Equal("a", CommandLine.Message(new CommandFailedException("a", new HttpRequestException("b"))));
        // Anything else is a bug: exit 1, named by its type, on one line.
        var bug = new InvalidOperationException("first line\nActual value was 3.");
        Assert.Equal(1, CommandLine.ExitCode(bug));
        Assert.Equal("unexpected InvalidOperationException: first line Actual value was 3.", CommandLine.Message(bug));
        Assert.Equal(1, CommandLine.ExitCode(new OperationCanceledException()));
        Assert.Equal("cancelled.", CommandLine.Message(new OperationCanceledException()));
    }
}
