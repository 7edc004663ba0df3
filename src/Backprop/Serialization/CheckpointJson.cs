using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>Writes the fields of a checkpoint's <c>checkpoint</c> header object (docs/model-format.md, "Checkpoints").</summary>
internal static class CheckpointJson
{
    public static void Write<T>(Utf8JsonWriter json, CheckpointState<T> state) where T : unmanaged, IFloatingPointIeee754<T>
    {
        json.WriteNumber("epoch", state.Epoch);
        json.WriteBoolean("stopped", state.Stopped);
        json.WriteStartObject("optimizer");
        json.WriteString("kind", state.Optimizer.GetType().Name);
        json.WriteString("name", state.Optimizer.Name);
        json.WriteNumber("steps", state.OptimizerState.Steps);
        json.WriteEndObject();
        json.WriteStartArray("frozen");
        foreach (string name in state.Frozen)
            json.WriteStringValue(name);
        json.WriteEndArray();
        if (state.Schedule is { } schedule)
        {
            json.WriteStartObject("schedule");
            json.WriteString("name", schedule.Name);
            WriteNumbers(json, "state", schedule.SaveState());
            json.WriteEndObject();
        }
        json.WriteStartObject("random");
        WriteBytes(json, "dropout", state.DropoutRandom);
        WriteBytes(json, "shuffle", state.ShuffleRandom);
        WriteBytes(json, "augmentation", state.AugmentationRandom);
        json.WriteEndObject();
        json.WriteStartArray("callbacks");
        foreach (var (name, values) in state.Callbacks)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            WriteNumbers(json, "state", values);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("best_weights", state.BestWeights is not null);
        json.WriteStartArray("costs");
        foreach (var cost in state.Costs)
        {
            json.WriteStartArray();
            json.WriteNumberValue(cost.Epoch);
            WriteNumber(json, cost.Cost);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }

    private static void WriteBytes(Utf8JsonWriter json, string name, byte[]? bytes)
    {
        if (bytes is not null)
            json.WriteBase64String(name, bytes);
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IReadOnlyList<double> values)
    {
        json.WriteStartArray(name);
        foreach (double value in values)
            WriteNumber(json, value);
        json.WriteEndArray();
    }

    /// <summary>
    /// A finite value as a JSON number (System.Text.Json writes the shortest text that reads back to the
    /// same bits); NaN and ±∞, which JSON cannot hold, as the strings "NaN", "Infinity" and "-Infinity".
    /// </summary>
    private static void WriteNumber(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumberValue(value);
        else
            json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reads a value written by <see cref="WriteNumber"/>; null when it is neither a number nor one of the three strings.</summary>
    public static double? ReadNumber(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => null,
        },
        _ => null,
    };
}
