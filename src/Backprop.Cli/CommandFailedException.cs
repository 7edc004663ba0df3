namespace Backprop.Cli;

/// <summary>
/// A command failed for a reason other than the user's input (a download that could not be made): reported by
/// <see cref="CommandLine"/> as its message on one line, with exit code <see cref="CommandLine.Failure"/>.
/// </summary>
internal sealed class CommandFailedException(string message, Exception innerException) : Exception(message, innerException);
