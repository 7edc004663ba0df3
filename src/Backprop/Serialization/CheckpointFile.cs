using System.Numerics;
using System.Text.Json;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// Training checkpoints: a model file (docs/model-format.md) whose header also holds a <c>checkpoint</c>
/// object and whose tensor table also holds the optimizer's slots (and the early-stopping best weights),
/// so that training continues exactly where it stopped. Any tool that reads model files reads a
/// checkpoint as the model it holds.
/// </summary>
/// <remarks>
/// Checkpoints are written by the trainer (see <see cref="TrainingContext.RequestCheckpoint"/> and
/// <see cref="Training.Callbacks.Checkpointing"/>), atomically; <see cref="Load{T}"/> reads and validates one
/// and <c>Trainer.Resume</c> continues from it.
/// </remarks>
public static class CheckpointFile
{
    /// <summary>Name prefix of the optimizer-slot tensors: <c>optimizer.layers.0.W.velocity</c>.</summary>
    internal const string OptimizerPrefix = "optimizer.";

    /// <summary>Name prefix of the early-stopping best-weight tensors: <c>best_weights.0</c>, …</summary>
    internal const string BestWeightsPrefix = "best_weights.";

    /// <summary>Reads a checkpoint, rebuilding the network in element type <typeparamref name="T"/> with its random sources in their saved states.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid checkpoint (truncated, corrupt checksum, a plain model file, a bad field); the message names the file and the problem.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static TrainingCheckpoint<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Networks compute in float or double; {typeof(T).Name} is not supported.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint file '{path}' does not exist.", path);
        var (model, checkpoint, tensors) = ModelReader.ReadWithState<T>(path, File.ReadAllBytes(path), new NumPyRandom(0));
        if (checkpoint is not JsonElement state)
            throw new InvalidDataException($"Checkpoint file '{path}': it holds a model but no training state (no 'checkpoint' field); it can be fine-tuned or evaluated, not resumed.");
        return new CheckpointReader(path).Read(model, state, tensors);
    }

    /// <summary>Writes <paramref name="network"/> with <paramref name="metadata"/> and the training state <paramref name="state"/> to <paramref name="path"/>, atomically.</summary>
    internal static void Write<T>(string path, Network<T> network, ModelMetadata metadata, CheckpointState<T> state) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string fullPath = Path.GetFullPath(path);
        var tensors = ModelWriter.Tensors(network);
        foreach (var (name, slot) in state.OptimizerState.Slots.OrderBy(s => s.Key, StringComparer.Ordinal))
            tensors.Add(new(OptimizerPrefix + name, slot));
        if (state.BestWeights is { } best)
            for (int i = 0; i < best.Count; i++)
                tensors.Add(new(BestWeightsPrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture), best[i]));
        byte[] header = ModelWriter.Header(network, metadata, tensors, json => CheckpointJson.Write(json, state));
        AtomicFile.Write(fullPath, file => ModelWriter.Write(file, header, tensors));
    }
}
