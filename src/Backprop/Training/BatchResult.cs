namespace Backprop.Training;

/// <summary>What one mini-batch step produced, passed to callbacks.</summary>
public readonly record struct BatchResult
{
    /// <summary>0-based epoch.</summary>
    public required int Epoch { get; init; }

    /// <summary>0-based batch within the epoch.</summary>
    public required int Batch { get; init; }

    /// <summary>Examples in the batch.</summary>
    public required int Size { get; init; }

    /// <summary>The batch's cost J, computed before its update.</summary>
    public required double Cost { get; init; }
}
