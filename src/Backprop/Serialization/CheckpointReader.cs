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
    public TrainingCheckpoint<T> Read<T>(LoadedModel<T> model, JsonElement root, Dictionary<string, Matrix<T>> tensors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OnlyFields(root, "checkpoint", "epoch", "stopped", "optimizer", "frozen", "schedule", "random", "callbacks", "best_weights", "costs");
        var network = model.Network;
        int epoch = Int(Field(root, "epoch", JsonValueKind.Number), "checkpoint.epoch");
        bool stopped = Boolean(root, "stopped");

        var optimizer = Field(root, "optimizer", JsonValueKind.Object);
        OnlyFields(optimizer, "checkpoint.optimizer", "kind", "name", "steps");
        string kind = Field(optimizer, "kind", JsonValueKind.String, "checkpoint.optimizer").GetString()!;
        string optimizerName = Field(optimizer, "name", JsonValueKind.String, "checkpoint.optimizer").GetString()!;
        int steps = Int(Field(optimizer, "steps", JsonValueKind.Number, "checkpoint.optimizer"), "checkpoint.optimizer.steps");

        var parameters = network.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        int i = 0;
        foreach (var name in Field(root, "frozen", JsonValueKind.Array).EnumerateArray())
        {
            string field = $"checkpoint.frozen[{i++}]";
            if (name.ValueKind != JsonValueKind.String || !parameters.TryGetValue(name.GetString()!, out var parameter))
                throw Fail($"field '{field}' must name a parameter of the network, not {name.GetRawText()}.");
            parameter.Frozen = true;
        }

        string? scheduleName = null;
        double[] scheduleState = [];
        if (root.TryGetProperty("schedule", out var schedule))
        {
            RequireKind(schedule, "checkpoint.schedule", JsonValueKind.Object);
            OnlyFields(schedule, "checkpoint.schedule", "name", "state");
            scheduleName = Field(schedule, "name", JsonValueKind.String, "checkpoint.schedule").GetString()!;
            scheduleState = Numbers(schedule, "state", "checkpoint.schedule");
        }

        var random = Field(root, "random", JsonValueKind.Object);
        OnlyFields(random, "checkpoint.random", "dropout", "shuffle", "augmentation");
        if (RandomState(random, "dropout") is { } dropout)
        {
            var source = Restore(dropout, "dropout");
            foreach (var layer in network.Layers.OfType<DropoutLayer<T>>())
                layer.Random = source;
        }
        else if (network.Layers.Any(l => l is DropoutLayer<T>))
        {
            throw Fail("field 'checkpoint.random.dropout' is missing, but the network has dropout layers whose generator must be restored.");
        }
        byte[]? shuffle = RandomState(random, "shuffle");
        byte[]? augmentation = RandomState(random, "augmentation");
        if (shuffle is not null)
            Restore(shuffle, "shuffle");
        if (augmentation is not null)
            Restore(augmentation, "augmentation");

        var callbacks = new List<(string, double[])>();
        i = 0;
        foreach (var callback in Field(root, "callbacks", JsonValueKind.Array).EnumerateArray())
        {
            string field = $"checkpoint.callbacks[{i++}]";
            RequireKind(callback, field, JsonValueKind.Object);
            OnlyFields(callback, field, "name", "state");
            callbacks.Add((Field(callback, "name", JsonValueKind.String, field).GetString()!, Numbers(callback, "state", field)));
        }

        var costs = new List<CostRecord>();
        i = 0;
        foreach (var cost in Field(root, "costs", JsonValueKind.Array).EnumerateArray())
        {
            string field = $"checkpoint.costs[{i++}]";
            if (cost.ValueKind != JsonValueKind.Array || cost.GetArrayLength() != 2 || CheckpointJson.ReadNumber(cost[1]) is not double value)
                throw Fail($"field '{field}' must be [epoch, cost], not {cost.GetRawText()}.");
            costs.Add(new CostRecord(Int(cost[0], field + "[0]"), value));
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
                throw Fail($"unexpected tensor '{name}': neither a network tensor nor training state (optimizer.* or best_weights.*).");
        }
        bool hasBest = Boolean(root, "best_weights");
        if (hasBest != (best.Count > 0) || (hasBest && best.Keys.Last() != best.Count - 1))
            throw Fail($"field 'checkpoint.best_weights' is {(hasBest ? "true" : "false")} but the file holds {best.Count} best_weights tensors{(best.Count > 0 ? ", numbered 0 … n−1" : "")}.");

        return new TrainingCheckpoint<T>(path, model, epoch, stopped, kind, optimizerName, steps, slots, scheduleName, scheduleState,
            shuffle, augmentation, callbacks, hasBest ? [.. best.Values] : null, costs);
    }

    private byte[]? RandomState(JsonElement random, string name)
    {
        if (!random.TryGetProperty(name, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out var bytes))
            throw Fail($"field 'checkpoint.random.{name}' must be a base64 string.");
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
            throw Fail($"field 'checkpoint.random.{name}': {e.Message}", e);
        }
    }

    private InvalidDataException Fail(string problem, Exception? inner = null) => new($"Checkpoint file '{path}': {problem}", inner);

    private void RequireKind(JsonElement element, string field, JsonValueKind kind)
    {
        if (element.ValueKind != kind)
            throw Fail($"field '{field}' must be {kind.ToString().ToLowerInvariant()}, not {element.ValueKind.ToString().ToLowerInvariant()}.");
    }

    private void OnlyFields(JsonElement element, string field, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
            if (Array.IndexOf(allowed, property.Name) < 0)
                throw Fail($"unknown field '{field}.{property.Name}'.");
    }

    private JsonElement Field(JsonElement parent, string name, JsonValueKind kind, string? parentField = null)
    {
        string field = $"{parentField ?? "checkpoint"}.{name}";
        if (!parent.TryGetProperty(name, out var value))
            throw Fail($"field '{field}' is missing.");
        RequireKind(value, field, kind);
        return value;
    }

    private bool Boolean(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw Fail($"field 'checkpoint.{name}' must be a boolean.");
        return value.GetBoolean();
    }

    private int Int(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int result) || result < 0)
            throw Fail($"field '{field}' must be a non-negative integer, not {value.GetRawText()}.");
        return result;
    }

    private double[] Numbers(JsonElement parent, string name, string field)
    {
        var array = Field(parent, name, JsonValueKind.Array, field);
        var values = new double[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            values[i] = CheckpointJson.ReadNumber(item) ?? throw Fail($"field '{field}.{name}[{i}]' must be a number, \"NaN\", \"Infinity\" or \"-Infinity\", not {item.GetRawText()}.");
            i++;
        }
        return values;
    }
}
