namespace Backprop.Cli.Tests;

/// <summary>Runs the backprop command line in-process with captured output.</summary>
internal static class Cli
{
    public static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
