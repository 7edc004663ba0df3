using System.Globalization;
using System.Text;

namespace Backprop.Diagnostics;

/// <summary>What <see cref="LayerStatistics.Capture{T}(Layers.Network{T})"/> saw in one layer.</summary>
/// <param name="Index">The layer's position in <see cref="Layers.Network{T}.Layers"/>, 0-based.</param>
/// <param name="Description">The layer's <see cref="object.ToString"/>, e.g. <c>Dense(5 => 5, Sigmoid)</c>.</param>
/// <param name="Parameters">Norms of each trainable parameter and its gradient, in the layer's order (W, b; γ, β); empty for parameter-free layers.</param>
/// <param name="PreActivationGradientRms">
/// For dense layers, the root mean square of dZ^[l] over its n_l × m entries: the error signal that backward
/// propagation carries through the layer, and the quantity that shrinks or grows geometrically with depth
/// when gradients vanish or explode. Being a mean, it does not depend on the layer's width. Null for other
/// layers, or before a backward pass.
/// </param>
/// <param name="Activations">Statistics of the layer's output, or null for layers whose output is not kept (dropout).</param>
public sealed record LayerSnapshot(int Index, string Description, IReadOnlyList<ParameterStatistics> Parameters,
    double? PreActivationGradientRms, ActivationStatistics? Activations)
{
    /// <summary>The statistics of the layer's weight matrix W, or null when it has none.</summary>
    public ParameterStatistics? Weights => Parameters.FirstOrDefault(p => p.IsWeight);

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Layer {Index} {Description}");
        if (PreActivationGradientRms is { } rms)
            text.Append(CultureInfo.InvariantCulture, $" | dZ rms {rms:G4}");
        foreach (var parameter in Parameters)
            text.Append(" | ").Append(parameter);
        if (Activations is not null)
            text.Append(" | ").Append(Activations);
        return text.ToString();
    }
}
