using Backprop.Cli;

// The backprop tool. Each command is a small class in Commands/; errors a user can cause are reported
// in one line on stderr with a non-zero exit code, never as a stack trace.
return await CommandLine.RunAsync(args, Console.Out, Console.Error);
