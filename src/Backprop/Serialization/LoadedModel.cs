using System.Numerics;
using Backprop.Data;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>A network read from a model file by <see cref="ModelFile.Load{T}"/>, with what was saved alongside it.</summary>
/// <typeparam name="T">The element type the network computes in (converted from the file's if they differ).</typeparam>
public sealed class LoadedModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal LoadedModel(Network<T> network, ModelMetadata metadata, Type storedElementType)
    {
        Network = network;
        Metadata = metadata;
        StoredElementType = storedElementType;
    }

    /// <summary>The rebuilt network, with the saved parameters and batch-norm running statistics.</summary>
    public Network<T> Network { get; }

    /// <summary>Class names, normalization and properties as saved; pass it back to <see cref="ModelFile.Save{T}(Network{T}, string, ModelMetadata?)"/> to keep them.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The saved class names; empty when none were saved.</summary>
    public IReadOnlyList<string> ClassNames => Metadata.ClassNames;

    /// <summary>The saved input normalization, or null.</summary>
    public Normalizer? Normalizer => Metadata.Normalizer;

    /// <summary>The element type the tensors were stored in (<see cref="float"/> or <see cref="double"/>).</summary>
    public Type StoredElementType { get; }
}
