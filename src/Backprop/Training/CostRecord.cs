namespace Backprop.Training;

/// <summary>The cost at one epoch, computed in that epoch's forward pass before its update.</summary>
/// <param name="Epoch">0-based epoch (iteration for full-batch training).</param>
/// <param name="Cost">The cost J.</param>
public readonly record struct CostRecord(int Epoch, double Cost);
