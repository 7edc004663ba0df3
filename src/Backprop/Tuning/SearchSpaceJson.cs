using System.Buffers;
using System.Text.Json;
using Backprop.Serialization;

namespace Backprop.Tuning;

/// <summary>
/// Reads and writes a <see cref="SearchSpace"/> as JSON (the <c>SPACE.json</c> of <c>backprop tune</c>).
/// Errors name the field, as <c>parameters[1].min</c>.
/// </summary>
/// <remarks>
/// <code>
/// { "parameters": [
///     { "name": "LearningRate", "scale": "log-uniform",    "min": 0.0001, "max": 0.1 },
///     { "name": "HiddenUnits",  "scale": "int",            "min": 16,     "max": 128 },
///     { "name": "Beta1",        "scale": "one-minus-beta", "min": 0.9,    "max": 0.999 },
///     { "name": "KeepProb",     "scale": "uniform",        "min": 0.5,    "max": 1 },
///     { "name": "Optimizer",    "scale": "choice",         "values": ["adam", "momentum"] } ] }
/// </code>
/// </remarks>
public static class SearchSpaceJson
{
    private static readonly string[] ScaleNames = ["uniform", "int", "choice", "log-uniform", "one-minus-beta"];

    /// <summary>Reads the space in <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SearchSpaceException">The JSON is malformed or describes an empty or contradictory space; the message names the file and field.</exception>
    public static SearchSpace Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Search space file '{path}' does not exist.", path);
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (SearchSpaceException ex)
        {
            throw new SearchSpaceException(ex.Field, $"in '{path}': {ex.Message[(ex.Field.Length + 2)..]}");
        }
    }

    /// <summary>Parses a space from JSON text.</summary>
    /// <exception cref="SearchSpaceException">The JSON is malformed or describes an empty or contradictory space; the message names the field.</exception>
    public static SearchSpace Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new SearchSpaceException("(file)", $"not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("parameters", out var list))
                throw new SearchSpaceException("parameters", "the file must be an object with a \"parameters\" array.");
            if (list.ValueKind != JsonValueKind.Array)
                throw new SearchSpaceException("parameters", "must be an array of parameter objects.");
            var space = SearchSpace.Empty;
            int i = 0;
            foreach (var item in list.EnumerateArray())
                space = AddParameter(space, item, $"parameters[{i++}]");
            space.Validate();
            return space;
        }
    }

    /// <summary>Writes <paramref name="space"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static void Save(SearchSpace space, string path)
    {
        byte[] bytes = ToUtf8(space);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>The space as indented JSON text.</summary>
    public static string ToJson(SearchSpace space) => System.Text.Encoding.UTF8.GetString(ToUtf8(space));

    private static byte[] ToUtf8(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteStartArray("parameters");
            foreach (var p in space.Parameters)
            {
                json.WriteStartObject();
                json.WriteString("name", p.Name);
                json.WriteString("scale", ScaleNames[(int)p.Scale]);
                if (p.Scale == ParameterScale.Choice)
                {
                    json.WriteStartArray("values");
                    foreach (var value in p.Choices)
                        json.WriteStringValue(value);
                    json.WriteEndArray();
                }
                else
                {
                    json.WriteNumber("min", p.Min);
                    json.WriteNumber("max", p.Max);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    private static SearchSpace AddParameter(SearchSpace space, JsonElement item, string field)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw new SearchSpaceException(field, "each parameter must be an object with name, scale and min/max or values.");
        string name = String(item, "name", field);
        string label = $"{field} ({name})";
        string scaleName = String(item, "scale", label);
        int scaleIndex = Array.IndexOf(ScaleNames, scaleName);
        if (scaleIndex < 0)
            throw new SearchSpaceException($"{label}.scale", $"'{scaleName}' is not a scale; use one of {string.Join(", ", ScaleNames)}.");
        var scale = (ParameterScale)scaleIndex;
        if (space.Parameters.Any(p => p.Name == name))
            throw new SearchSpaceException($"{label}.name", $"a parameter named '{name}' appears more than once.");
        if (scale == ParameterScale.Choice)
        {
            if (!item.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                throw new SearchSpaceException($"{label}.values", "a choice needs a \"values\" array of strings.");
            var list = new List<string>();
            int j = 0;
            foreach (var v in values.EnumerateArray())
            {
                if (v.ValueKind != JsonValueKind.String)
                    throw new SearchSpaceException($"{label}.values[{j}]", $"must be a string, not {v.ValueKind.ToString().ToLowerInvariant()}.");
                list.Add(v.GetString()!);
                j++;
            }
            return space.Add(SearchParameter.Choice(name, list, label));
        }
        return space.Add(SearchParameter.Numeric(name, scale, Number(item, "min", label), Number(item, "max", label), label));
    }

    private static string String(JsonElement item, string property, string field) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new SearchSpaceException($"{field}.{property}", $"\"{property}\" must be a non-empty string.");

    private static double Number(JsonElement item, string property, string field) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new SearchSpaceException($"{field}.{property}", $"\"{property}\" must be a number.");
}
