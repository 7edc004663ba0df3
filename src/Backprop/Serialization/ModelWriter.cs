using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors;

namespace Backprop.Serialization;

/// <summary>One stored tensor: its dotted name and the matrix holding it.</summary>
internal sealed record TensorEntry<T>(string Name, Matrix<T> Value) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>Builds a model file's header and writes its bytes.</summary>
internal static class ModelWriter
{
    /// <summary>The tensors of a network in file order, named by layer position (layers.{i}.W, …).</summary>
    public static List<TensorEntry<T>> Tensors<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new List<TensorEntry<T>>();
        for (int i = 0; i < network.Layers.Count; i++)
        {
            // Names use the position in the list, not the layer's own Index, so they always match on load.
            switch (network.Layers[i])
            {
                case DenseLayer<T> dense:
                    tensors.Add(new($"layers.{i}.W", dense.Weights.Value));
                    if (dense.UseBias)
                        tensors.Add(new($"layers.{i}.b", dense.Bias.Value));
                    break;
                case BatchNormLayer<T> norm:
                    tensors.Add(new($"layers.{i}.gamma", norm.Gamma.Value));
                    tensors.Add(new($"layers.{i}.beta", norm.Beta.Value));
                    tensors.Add(new($"layers.{i}.running_mean", norm.RunningMean));
                    tensors.Add(new($"layers.{i}.running_variance", norm.RunningVariance));
                    break;
                case ActivationLayer<T> or DropoutLayer<T>:
                    break;
                default:
                    throw new NotSupportedException($"Layer {i} ({network.Layers[i]}) is of a kind model files cannot describe.");
            }
        }
        return tensors;
    }

    /// <summary>The UTF-8 JSON header, padded with spaces so the tensor data starts on an 8-byte boundary.</summary>
    /// <param name="network">The network.</param>
    /// <param name="metadata">Class names, normalization and properties.</param>
    /// <param name="tensors">Every tensor the file stores, network first, in file order.</param>
    /// <param name="checkpoint">Writes the fields of the <c>checkpoint</c> object (training state); none when null.</param>
    public static byte[] Header<T>(Network<T> network, ModelMetadata metadata, List<TensorEntry<T>> tensors, Action<Utf8JsonWriter>? checkpoint = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (metadata.Normalizer is { } normalizer && normalizer.Features != network.InputSize)
            throw new ArgumentException($"The normalizer has {normalizer.Features} features but the network takes {network.InputSize} inputs.", nameof(metadata));

        var buffer = new MemoryStream();
        // Fixed newline so the bytes do not depend on the operating system.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            string dtype = ModelVocabulary.DType(typeof(T));
            json.WriteString("element_type", dtype);
            json.WriteNumber("input_size", network.InputSize);
            json.WriteStartArray("layers");
            foreach (var layer in network.Layers)
                WriteLayer(json, layer);
            json.WriteEndArray();
            json.WriteString("loss", ModelVocabulary.Describe(network.Loss));
            if (network.Regularizer is { } regularizer)
            {
                json.WriteStartObject("regularizer");
                json.WriteString("kind", ModelVocabulary.Describe(regularizer));
                json.WriteNumber("lambda", regularizer.Lambda);
                json.WriteEndObject();
            }
            if (metadata.ClassNames.Count > 0)
            {
                json.WriteStartArray("class_names");
                foreach (string name in metadata.ClassNames)
                    json.WriteStringValue(name ?? throw new ArgumentException("A class name is null.", nameof(metadata)));
                json.WriteEndArray();
            }
            if (metadata.Normalizer is { } n)
            {
                json.WriteStartObject("normalizer");
                WriteNumbers(json, "mean", n.Mean);
                WriteNumbers(json, "variance", n.Variance);
                json.WriteNumber("epsilon", n.Epsilon);
                json.WriteEndObject();
            }
            if (metadata.Properties.Count > 0)
            {
                json.WriteStartObject("metadata");
                foreach (var (key, value) in metadata.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                    json.WriteString(key, value ?? throw new ArgumentException($"Metadata property '{key}' is null.", nameof(metadata)));
                json.WriteEndObject();
            }
            if (checkpoint is not null)
            {
                json.WriteStartObject("checkpoint");
                checkpoint(json);
                json.WriteEndObject();
            }
            json.WriteStartArray("tensors");
            long offset = 0;
            foreach (var tensor in tensors)
            {
                long length = (long)tensor.Value.Length * Unsafe.SizeOf<T>();
                json.WriteStartObject();
                json.WriteString("name", tensor.Name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                json.WriteNumberValue(tensor.Value.Rows);
                json.WriteNumberValue(tensor.Value.Columns);
                json.WriteEndArray();
                json.WriteNumber("offset", offset);
                json.WriteNumber("length", length);
                json.WriteEndObject();
                offset += length;
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        int padding = (int)((8 - (ModelFile.PreambleBytes + buffer.Length) % 8) % 8);
        for (int i = 0; i < padding; i++)
            buffer.WriteByte((byte)' ');
        if (buffer.Length > ModelFile.MaxHeaderBytes)
            throw new ArgumentException($"The model header would be {buffer.Length} bytes, more than the format's limit of {ModelFile.MaxHeaderBytes}; store fewer class names, properties or normalization statistics.", nameof(metadata));
        return buffer.ToArray();
    }

    private static void WriteLayer<T>(Utf8JsonWriter json, ILayer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        json.WriteStartObject();
        switch (layer)
        {
            case DenseLayer<T> dense:
                json.WriteString("kind", "dense");
                json.WriteNumber("units", dense.OutputSize);
                WriteActivation(json, dense.Activation);
                json.WriteBoolean("use_bias", dense.UseBias);
                break;
            case BatchNormLayer<T> norm:
                json.WriteString("kind", "batch_norm");
                json.WriteNumber("momentum", norm.Momentum);
                json.WriteNumber("epsilon", norm.Epsilon);
                json.WriteBoolean("unbiased_running_variance", norm.UnbiasedRunningVariance);
                break;
            case ActivationLayer<T> activation:
                json.WriteString("kind", "activation");
                WriteActivation(json, activation.Activation);
                break;
            case DropoutLayer<T> dropout:
                json.WriteString("kind", "dropout");
                json.WriteNumber("keep_prob", dropout.KeepProb);
                break;
        }
        json.WriteEndObject();
    }

    private static void WriteActivation(Utf8JsonWriter json, Activations.Activation activation)
    {
        var (name, slope) = ModelVocabulary.Describe(activation);
        json.WriteString("activation", name);
        if (slope is double s)
            json.WriteNumber("slope", s);
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IReadOnlyList<double> values)
    {
        json.WriteStartArray(name);
        foreach (double value in values)
            json.WriteNumberValue(value);
        json.WriteEndArray();
    }

    /// <summary>Writes preamble, header, tensor bytes and the SHA-256 of everything before it.</summary>
    public static void Write<T>(Stream stream, byte[] header, List<TensorEntry<T>> tensors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> preamble = stackalloc byte[ModelFile.PreambleBytes];
        ModelFile.Magic.CopyTo(preamble);
        BinaryPrimitives.WriteUInt32LittleEndian(preamble[8..], ModelFile.FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(preamble[12..], (uint)header.Length);
        Emit(stream, hash, preamble);
        Emit(stream, hash, header);
        byte[]? swapped = null;
        foreach (var tensor in tensors)
        {
            var values = tensor.Value.Span;
            if (BitConverter.IsLittleEndian)
            {
                Emit(stream, hash, MemoryMarshal.AsBytes(values));
                continue;
            }
            // Big-endian hosts reverse each element's bytes; the file is always little-endian.
            swapped ??= new byte[8];
            foreach (T value in values)
            {
                int size = Unsafe.SizeOf<T>();
                if (size == 4)
                    BinaryPrimitives.WriteSingleLittleEndian(swapped, float.CreateTruncating(value));
                else
                    BinaryPrimitives.WriteDoubleLittleEndian(swapped, double.CreateTruncating(value));
                Emit(stream, hash, swapped.AsSpan(0, size));
            }
        }
        stream.Write(hash.GetHashAndReset());
    }

    private static void Emit(Stream stream, IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        hash.AppendData(bytes);
        stream.Write(bytes);
    }
}
