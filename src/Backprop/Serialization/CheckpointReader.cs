using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tensors;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// Validates a checkpoint's <c>checkpoint</c> header object and its training-state tensors, and puts the
/// saved random states and frozen flags into the loaded network. Every error names the file and the field.
/// </summary>
internal sealed class CheckpointReader(string path)
{
    // Fields of the header's checkpoint object are named from the header down: checkpoint.optimizer.steps.
    private const string Root = "checkpoint";

    private readonly JsonFieldReader _json = new("Checkpoint file", path);

    public TrainingCheckpoint<T> Read<T>(LoadedModel<T> model, JsonElement root, Dictionary<string, Matrix<T>> tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        _json.OnlyFields(root, Root, "epoch", "stopped", "optimizer", "frozen", "schedule", "random", "callbacks", "best_weights", "costs");
        var network = model.Network;
        int epoch = _json.NonNegativeInt(root, "epoch", Root);
        bool stopped = _json.Boolean(root, "stopped", Root);

        const string Optimizer = Root + ".optimizer";
        var optimizer = _json.Field(root, "optimizer", JsonValueKind.Object, Root);
        _json.OnlyFields(optimizer, Optimizer, "kind", "name", "steps");
        string kind = _json.String(optimizer, "kind", Optimizer);
        string optimizerName = _json.String(optimizer, "name", Optimizer);
        int steps = _json.NonNegativeInt(optimizer, "steps", Optimizer);

        var parameters = network.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var (name, field) in _json.Items(root, "frozen", Root))
        {
            if (name.ValueKind != JsonValueKind.String || !parameters.TryGetValue(name.GetString()!, out var parameter))
                throw _json.Fail($"field '{field}' must name a parameter of the network, not {name.GetRawText()}.");
            parameter.Frozen = true;
        }

        string? scheduleName = null;
        double[] scheduleState = [];
        if (_json.Optional(root, "schedule", JsonValueKind.Object, Root) is { } schedule)
        {
            const string Schedule = Root + ".schedule";
            _json.OnlyFields(schedule, Schedule, "name", "state");
            scheduleName = _json.String(schedule, "name", Schedule);
            scheduleState = Numbers(schedule, Schedule);
        }

        var random = _json.Field(root, "random", JsonValueKind.Object, Root);
        _json.OnlyFields(random, Root + ".random", "dropout", "shuffle", "augmentation");
        if (RandomState(random, "dropout") is { } dropout)
        {
            var source = Restore(dropout, "dropout");
            foreach (var layer in network.Layers.OfType<DropoutLayer<T>>())
                layer.Random = source;
        }
        else if (network.Layers.Any(l => l is DropoutLayer<T>))
        {
            throw _json.Fail("field 'checkpoint.random.dropout' is missing, but the network has dropout layers whose generator must be restored.");
        }
        byte[]? shuffle = RandomState(random, "shuffle");
        byte[]? augmentation = RandomState(random, "augmentation");
        if (shuffle is not null)
            Restore(shuffle, "shuffle");
        if (augmentation is not null)
            Restore(augmentation, "augmentation");

        var callbacks = new List<(string, double[])>();
        foreach (var (callback, field) in _json.Items(root, "callbacks", Root))
        {
            _json.RequireKind(callback, field, JsonValueKind.Object);
            _json.OnlyFields(callback, field, "name", "state");
            callbacks.Add((_json.String(callback, "name", field), Numbers(callback, field)));
        }

        var costs = new List<CostRecord>();
        foreach (var (cost, field) in _json.Items(root, "costs", Root))
        {
            if (cost.ValueKind != JsonValueKind.Array || cost.GetArrayLength() != 2 || CheckpointJson.ReadNumber(cost[1]) is not double value)
                throw _json.Fail($"field '{field}' must be [epoch, cost], not {cost.GetRawText()}.");
            costs.Add(new CostRecord(_json.NonNegativeInt(cost[0], field + "[0]"), value));
        }

        var slots = new Dictionary<string, Matrix<T>>(StringComparer.Ordinal);
        var best = new SortedDictionary<int, Matrix<T>>();
        foreach (var (name, value) in tensors)
        {
            if (name.StartsWith(CheckpointFile.OptimizerPrefix, StringComparison.Ordinal))
                slots.Add(name[CheckpointFile.OptimizerPrefix.Length..], value);
            else if (name.StartsWith(CheckpointFile.BestWeightsPrefix, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(CheckpointFile.BestWeightsPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                best.Add(index, value);
            else
                throw _json.Fail($"unexpected tensor '{name}': neither a network tensor nor training state (optimizer.* or best_weights.*).");
        }
        bool hasBest = _json.Boolean(root, "best_weights", Root);
        if (hasBest != (best.Count > 0) || (hasBest && best.Keys.Last() != best.Count - 1))
            throw _json.Fail($"field 'checkpoint.best_weights' is {(hasBest ? "true" : "false")} but the file holds {best.Count} best_weights tensors{(best.Count > 0 ? ", numbered 0 … n−1" : "")}.");

        return new TrainingCheckpoint<T>(path, model, epoch, stopped, kind, optimizerName, steps, slots, scheduleName, scheduleState,
            shuffle, augmentation, callbacks, hasBest ? [.. best.Values] : null, costs);
    }

    private byte[]? RandomState(JsonElement random, string name)
    {
        if (!random.TryGetProperty(name, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out var bytes))
            throw _json.Fail($"field 'checkpoint.random.{name}' must be a base64 string.");
        return bytes;
    }

    private IRestorableRandom Restore(byte[] state, string name)
    {
        try
        {
            return Randomness.RandomState.Restore(state);
        }
        catch (ArgumentException e)
        {
            throw _json.Fail($"field 'checkpoint.random.{name}': {e.Message}", e);
        }
    }

    /// <summary>The <c>state</c> numbers of a schedule or callback, where NaN and ±∞ are written as strings (see <see cref="CheckpointJson"/>).</summary>
    private double[] Numbers(JsonElement parent, string parentField)
        => [.. _json.Items(parent, "state", parentField).Select(item => CheckpointJson.ReadNumber(item.Item)
            ?? throw _json.Fail($"field '{item.Field}' must be a number, \"NaN\", \"Infinity\" or \"-Infinity\", not {item.Item.GetRawText()}."))];
}
