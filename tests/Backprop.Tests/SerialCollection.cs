namespace Backprop.Tests;

/// <summary>Tests that measure process-wide quantities (allocations on all threads) run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial (process-wide measurements)";
}
