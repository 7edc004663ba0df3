namespace Backprop.Tuning;

/// <summary>
/// A runner that only collects (<see cref="TuningRunner.ClaimTrials"/> off) found trials that are unfinished
/// with no live worker holding them: the workers died or were stopped. Running the search again with the
/// same log finishes them.
/// </summary>
public sealed class IncompleteSearchException : InvalidOperationException
{
    /// <summary>Creates the exception with its message.</summary>
    public IncompleteSearchException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public IncompleteSearchException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public IncompleteSearchException() : base("Trials are unfinished and no live worker holds them.")
    {
    }
}
