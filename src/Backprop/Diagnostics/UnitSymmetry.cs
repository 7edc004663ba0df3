using System.Globalization;

namespace Backprop.Diagnostics;

/// <summary>How many genuinely different units a hidden dense layer has, as <see cref="SymmetryCheck"/> found.</summary>
/// <param name="LayerIndex">The layer's position in the network, 0-based.</param>
/// <param name="Description">The layer's <see cref="object.ToString"/>, e.g. <c>Dense(2 => 4, Sigmoid)</c>.</param>
/// <param name="Units">n_l, the layer's units (rows of W).</param>
/// <param name="DistinctUnits">How many of them differ: units whose rows of [W | b] are equal within the tolerance count once.</param>
public sealed record UnitSymmetry(int LayerIndex, string Description, int Units, int DistinctUnits)
{
    /// <summary>True when every unit computes the same function: symmetry was never broken.</summary>
    public bool AllIdentical => DistinctUnits == 1 && Units > 1;

    /// <summary>True when at least two units compute the same function.</summary>
    public bool HasDuplicates => DistinctUnits < Units;

    /// <inheritdoc/>
    public override string ToString() => AllIdentical
        ? string.Create(CultureInfo.InvariantCulture, $"Layer {LayerIndex} {Description}: all {Units} units are identical, so the layer acts as a single unit. Symmetry was never broken: initialize W randomly (He or Xavier), not with zeros.")
        : string.Create(CultureInfo.InvariantCulture, $"Layer {LayerIndex} {Description}: {DistinctUnits} distinct units out of {Units}.");
}
