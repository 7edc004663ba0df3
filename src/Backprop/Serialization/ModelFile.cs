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

/// <summary>
/// Saves networks to, and loads them from, Backprop's single-file model format (docs/model-format.md):
/// magic and version, a bounded UTF-8 JSON header describing the architecture and a tensor table, raw
/// little-endian tensor bytes, and a SHA-256 checksum.
/// </summary>
/// <remarks>
/// <para>Loading never executes code and never looks types up by name: layer kinds, activations, losses
/// and regularizers come from a closed list.</para>
/// <para>Saving is atomic: the file is written to a temporary file in the same folder, flushed to disk,
/// then moved over the destination, so a failed save leaves no partial file and an existing file intact.</para>
/// <para>Files are deterministic: the same network and metadata give byte-identical files.</para>
/// </remarks>
/// <example><code>
/// ModelFile.Save(network, "cat.bpmodel", new ModelMetadata { ClassNames = ["non-cat", "cat"], Normalizer = normalizer });
/// var model = ModelFile.Load&lt;float&gt;("cat.bpmodel");
/// var probabilities = model.Network.Predict(model.Normalizer!.Transform(x));
/// </code></example>
public static class ModelFile
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The largest JSON header accepted, in bytes (16 MiB); larger headers are rejected before being read.</summary>
    public const int MaxHeaderBytes = 16 * 1024 * 1024;

    /// <summary>Bytes before the header: magic (8), version (4), header length (4).</summary>
    internal const int PreambleBytes = 16;

    /// <summary>Bytes of the SHA-256 checksum at the end of the file.</summary>
    internal const int ChecksumBytes = 32;

    /// <summary>
    /// The first eight bytes: a non-ASCII lead byte so text tools do not take the file for text, the name,
    /// then CR LF, Ctrl-Z and LF so that newline or end-of-file translation is detected (as PNG does).
    /// </summary>
    internal static ReadOnlySpan<byte> Magic => [0x89, (byte)'B', (byte)'P', (byte)'M', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes <paramref name="network"/> and <paramref name="metadata"/> to <paramref name="path"/>, atomically.</summary>
    /// <param name="network">The network; its tensors are stored in its element type.</param>
    /// <param name="path">The destination; replaced if it exists. Its folder must exist.</param>
    /// <param name="metadata">Class names, input normalization and properties to keep with the model; none when null.</param>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    /// <exception cref="NotSupportedException">The network holds a layer, activation, loss or regularizer the format cannot describe.</exception>
    /// <exception cref="ArgumentException">The metadata does not fit the network (normalizer size), a class name or property is null, or the header would exceed <see cref="MaxHeaderBytes"/>.</exception>
    /// <exception cref="IOException">Writing failed; the destination is unchanged.</exception>
    public static void Save<T>(Network<T> network, string path, ModelMetadata? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Save(network, path, metadata, static stream => stream);

    /// <summary>
    /// <see cref="Save{T}(Network{T}, string, ModelMetadata?)"/> with the temporary file's stream passed
    /// through <paramref name="wrap"/>, so tests can make writing fail part way.
    /// </summary>
    internal static void Save<T>(Network<T> network, string path, ModelMetadata? metadata, Func<Stream, Stream> wrap)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        metadata ??= new ModelMetadata();
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot save model file '{fullPath}': the folder '{folder}' does not exist.");

        // Everything that can be rejected is checked while building the header, before any file exists.
        var tensors = ModelWriter.Tensors(network);
        byte[] header = ModelWriter.Header(network, metadata, tensors);

        AtomicFile.Write(fullPath, file =>
        {
            var stream = wrap(file);
            ModelWriter.Write(stream, header, tensors);
            stream.Flush();
        });
    }

    /// <summary>Reads a model file, rebuilding the network in element type <typeparamref name="T"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="dropoutRandom">
    /// Source of the dropout masks if the loaded network is trained further; a <see cref="NumPyRandom"/>
    /// seeded with 0 when null. Prediction never draws from it.
    /// </param>
    /// <returns>The network, with its parameters and batch-norm running statistics, and the saved metadata.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid model file; the message names the file and the problem.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static LoadedModel<T> Load<T>(string path, IRandomSource? dropoutRandom = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Networks compute in float or double; {typeof(T).Name} is not supported.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        return ModelReader.Read<T>(path, File.ReadAllBytes(path), dropoutRandom ?? new NumPyRandom(0));
    }
}
