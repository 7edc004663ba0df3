using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Backprop.Tuning;

/// <summary>Writes and reads one <see cref="TrialRecord"/> as one JSON line, by hand so the library stays trimming- and AOT-safe.</summary>
internal static class TrialRecordJson
{
    /// <summary>The record as compact UTF-8 JSON followed by a newline.</summary>
    public static byte[] ToLine(TrialRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("trial", record.TrialId);
            json.WriteNumber("round", record.Round);
            json.WriteNumber("seed", record.Seed);
            json.WriteString("status", StatusName(record.Status));
            json.WriteString("worker", record.WorkerId);
            json.WriteString("time", record.Timestamp.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            if (record.Host is not null)
                json.WriteString("host", record.Host);
            if (record.ProcessId is { } pid)
                json.WriteNumber("pid", pid);
            if (record.LeaseUntil is { } lease)
                json.WriteString("lease_until", lease.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartObject("params");
            foreach (var (name, value) in record.Parameters)
                WriteValue(json, name, value);
            json.WriteEndObject();
            WriteNumberOrNull(json, "score", record.Score);
            json.WriteStartObject("metrics");
            foreach (var (name, value) in record.Metrics)
                WriteNumberOrNull(json, name, value);
            json.WriteEndObject();
            if (record.Duration is { } duration)
                json.WriteNumber("duration_s", duration.TotalSeconds);
            if (record.Error is not null)
                json.WriteString("error", record.Error);
            json.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    /// <summary>The line naming the search a log belongs to: <c>{"search":{…},"time":"…"}</c>.</summary>
    public static byte[] SearchLine(IReadOnlyDictionary<string, string> identity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("search");
            foreach (var (key, value) in identity)
                json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteString("time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    /// <summary>True for the search line rather than a trial record.</summary>
    public static bool IsSearchLine(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("search", out _) && !root.TryGetProperty("trial", out _);

    /// <summary>Reads the search line's fields.</summary>
    public static IReadOnlyDictionary<string, string> ParseSearch(JsonElement root, string path, int line)
    {
        var search = root.GetProperty("search");
        if (search.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"Trial log '{path}', line {line}: field 'search' must be an object.");
        var identity = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in search.EnumerateObject())
            identity[field.Name] = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
        return identity;
    }

    /// <summary>Reads a record, naming the file, line and field when one is missing or of the wrong kind.</summary>
    public static TrialRecord Parse(JsonElement root, string path, int line)
    {
        string Where(string field) => $"Trial log '{path}', line {line}: field '{field}'";
        JsonElement Required(string field, JsonValueKind kind)
        {
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"Trial log '{path}', line {line}: a record must be a JSON object.");
            if (!root.TryGetProperty(field, out var value))
                throw new InvalidDataException($"{Where(field)} is missing.");
            if (value.ValueKind != kind && !(kind == JsonValueKind.Number && value.ValueKind == JsonValueKind.Null && field == "score"))
                throw new InvalidDataException($"{Where(field)} must be {kind.ToString().ToLowerInvariant()}, not {value.ValueKind.ToString().ToLowerInvariant()}.");
            return value;
        }

        int trial = Required("trial", JsonValueKind.Number).TryGetInt32(out int t) && t >= 0 ? t : throw new InvalidDataException($"{Where("trial")} must be a non-negative integer.");
        int round = Required("round", JsonValueKind.Number).TryGetInt32(out int r) && r >= 0 ? r : throw new InvalidDataException($"{Where("round")} must be a non-negative integer.");
        ulong seed = Required("seed", JsonValueKind.Number).TryGetUInt64(out ulong s) ? s : throw new InvalidDataException($"{Where("seed")} must be an unsigned 64-bit integer.");
        var status = ParseStatus(Required("status", JsonValueKind.String).GetString()) ?? throw new InvalidDataException($"{Where("status")} must be started, completed or failed.");
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in Required("params", JsonValueKind.Object).EnumerateObject())
            parameters[p.Name] = ReadValue(p.Value) ?? throw new InvalidDataException($"{Where($"params.{p.Name}")} must be a number or a string.");
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object)
            foreach (var p in m.EnumerateObject())
                metrics[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : double.NaN;
        var score = root.TryGetProperty("score", out var sc) && sc.ValueKind == JsonValueKind.Number ? sc.GetDouble() : double.NaN;
        return new TrialRecord
        {
            TrialId = trial,
            Round = round,
            Seed = seed,
            Status = status,
            Parameters = parameters,
            Score = score,
            Metrics = metrics,
            Duration = root.TryGetProperty("duration_s", out var d) && d.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(d.GetDouble()) : null,
            Error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null,
            WorkerId = root.TryGetProperty("worker", out var w) && w.ValueKind == JsonValueKind.String ? w.GetString() ?? "" : "",
            Timestamp = Time(root, "time") ?? default,
            Host = root.TryGetProperty("host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null,
            ProcessId = root.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number && pid.TryGetInt32(out int id) ? id : null,
            LeaseUntil = Time(root, "lease_until"),
        };
    }

    private static DateTimeOffset? Time(JsonElement root, string field) =>
        root.TryGetProperty(field, out var time) && time.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var stamp) ? stamp : null;

    /// <summary>Writes a trial value: a string, an int or a double.</summary>
    public static void WriteValue(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case string text: json.WriteString(name, text); break;
            case int whole: json.WriteNumber(name, whole); break;
            default: WriteNumberOrNull(json, name, Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
        }
    }

    // JSON has no NaN or infinity; null stands for "no number" and reads back as NaN.
    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumber(name, value);
        else
            json.WriteNull(name);
    }

    private static object? ReadValue(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        if (value.ValueKind != JsonValueKind.Number)
            return null;
        string raw = value.GetRawText();
        return raw.AsSpan().IndexOfAny(".eE") < 0 && value.TryGetInt32(out int whole) ? (object)whole : value.GetDouble();
    }

    internal static string StatusName(TrialStatus status) => status switch
    {
        TrialStatus.Started => "started",
        TrialStatus.Completed => "completed",
        _ => "failed",
    };

    private static TrialStatus? ParseStatus(string? name) => name switch
    {
        "started" => TrialStatus.Started,
        "completed" => TrialStatus.Completed,
        "failed" => TrialStatus.Failed,
        _ => null,
    };
}
