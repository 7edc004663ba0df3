using System.Text.Json;

namespace Backprop.Serialization;

/// <summary>
/// Reads typed fields of a model file's or checkpoint's JSON header. Every error names the file and the
/// field's path and is worded the same for every reader, for example
/// <c>Checkpoint file 'a.ckpt': field 'checkpoint.epoch' must be a number, not a string.</c>
/// A field's path is its parent's path and its name joined by a dot; a null parent is the header itself.
/// </summary>
internal sealed class JsonFieldReader(string noun, string path)
{
    // InvalidDataException is sealed, so there is no format-specific subclass; the message carries the file and problem.
    /// <summary>The error for <paramref name="problem"/> in this file: <c>Model file 'a.bpm': {problem}</c>.</summary>
    public InvalidDataException Fail(string problem, Exception? inner = null) => new($"{noun} '{path}': {problem}", inner);

    /// <summary>The path of field <paramref name="name"/> inside <paramref name="parent"/> (null: the header).</summary>
    private static string Qualified(string? parent, string name) => parent is null ? name : $"{parent}.{name}";

    /// <summary>Rejects <paramref name="element"/> (at <paramref name="field"/>) unless it is of <paramref name="kind"/>.</summary>
    public void RequireKind(JsonElement element, string field, JsonValueKind kind)
    {
        if (element.ValueKind != kind)
            throw Fail($"field '{field}' must be {Describe(kind)}, not {Describe(element.ValueKind)}.");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>Rejects any field of <paramref name="element"/> (at <paramref name="parent"/>) not in <paramref name="allowed"/>.</summary>
    public void OnlyFields(JsonElement element, string? parent, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
            if (Array.IndexOf(allowed, property.Name) < 0)
                throw Fail($"unknown field '{Qualified(parent, property.Name)}'.");
    }

    /// <summary>A required field of the given kind.</summary>
    public JsonElement Field(JsonElement parent, string name, JsonValueKind kind, string? parentField = null)
    {
        string field = Qualified(parentField, name);
        if (!parent.TryGetProperty(name, out var value))
            throw Fail($"field '{field}' is missing.");
        RequireKind(value, field, kind);
        return value;
    }

    /// <summary>An optional field of the given kind; null when absent.</summary>
    public JsonElement? Optional(JsonElement parent, string name, JsonValueKind kind, string? parentField = null)
    {
        if (!parent.TryGetProperty(name, out var value))
            return null;
        RequireKind(value, Qualified(parentField, name), kind);
        return value;
    }

    /// <summary>The items of a required array field, each with its path (<c>layers[0]</c>, …).</summary>
    public IEnumerable<(JsonElement Item, string Field)> Items(JsonElement parent, string name, string? parentField = null)
        => Items(Field(parent, name, JsonValueKind.Array, parentField), Qualified(parentField, name));

    /// <summary>The items of <paramref name="array"/> (at <paramref name="field"/>), each with its path.</summary>
    public static IEnumerable<(JsonElement Item, string Field)> Items(JsonElement array, string field)
        => array.EnumerateArray().Select((item, i) => (item, $"{field}[{i}]"));

    /// <summary>A required string field.</summary>
    public string String(JsonElement parent, string name, string? parentField = null)
        => Field(parent, name, JsonValueKind.String, parentField).GetString()!;

    /// <summary>A required number field.</summary>
    public double Number(JsonElement parent, string name, string? parentField = null)
        => Field(parent, name, JsonValueKind.Number, parentField).GetDouble();

    /// <summary>A required array of numbers.</summary>
    public List<double> Numbers(JsonElement parent, string name, string? parentField = null)
    {
        var values = new List<double>();
        foreach (var (item, field) in Items(parent, name, parentField))
        {
            RequireKind(item, field, JsonValueKind.Number);
            values.Add(item.GetDouble());
        }
        return values;
    }

    /// <summary>A required <c>true</c> or <c>false</c> field.</summary>
    public bool Boolean(JsonElement parent, string name, string? parentField = null)
    {
        string field = Qualified(parentField, name);
        if (!parent.TryGetProperty(name, out var value))
            throw Fail($"field '{field}' is missing.");
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw Fail($"field '{field}' must be a boolean, not {Describe(value.ValueKind)}.");
        return value.GetBoolean();
    }

    /// <summary>A required integer field &gt; 0 that fits an <see cref="int"/>.</summary>
    public int PositiveInt(JsonElement parent, string name, string? parentField = null)
    {
        var value = Field(parent, name, JsonValueKind.Number, parentField);
        if (!value.TryGetInt32(out int result) || result <= 0)
            throw Fail($"field '{Qualified(parentField, name)}' must be a positive integer, not {value.GetRawText()}.");
        return result;
    }

    /// <summary>A required integer field ≥ 0 that fits an <see cref="int"/>.</summary>
    public int NonNegativeInt(JsonElement parent, string name, string? parentField = null)
        => NonNegativeInt(Field(parent, name, JsonValueKind.Number, parentField), Qualified(parentField, name));

    /// <summary>An array item (or other value already in hand) at <paramref name="field"/> as an integer ≥ 0.</summary>
    public int NonNegativeInt(JsonElement value, string field)
    {
        RequireKind(value, field, JsonValueKind.Number);
        if (!value.TryGetInt32(out int result) || result < 0)
            throw NotNonNegative(value, field);
        return result;
    }

    /// <summary>A required integer field ≥ 0 that fits a <see cref="long"/> (byte offsets and lengths).</summary>
    public long NonNegativeLong(JsonElement parent, string name, string? parentField = null)
    {
        var value = Field(parent, name, JsonValueKind.Number, parentField);
        if (!value.TryGetInt64(out long result) || result < 0)
            throw NotNonNegative(value, Qualified(parentField, name));
        return result;
    }

    private InvalidDataException NotNonNegative(JsonElement value, string field)
        => Fail($"field '{field}' must be a non-negative integer, not {value.GetRawText()}.");
}
