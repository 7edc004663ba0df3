using Backprop.Data;

namespace Backprop.Serialization;

/// <summary>
/// What a model file keeps besides the network: class names, the input normalization fitted on the
/// training set, and free-form string properties (for example the training data set or the command line).
/// </summary>
/// <remarks>
/// Nothing here is filled in automatically: no timestamps, paths or host names are written unless
/// they are put in <see cref="Properties"/>, so the same network and metadata always give the same bytes.
/// </remarks>
public sealed class ModelMetadata
{
    /// <summary>Names of the label values (<c>ClassNames[k]</c> names label k); empty for none.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>The normalization to apply to inputs before <see cref="Layers.Network{T}.Forward"/>, or null.</summary>
    public Normalizer? Normalizer { get; init; }

    /// <summary>Free-form properties; written sorted by key (ordinal), so insertion order does not matter.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}
