using Backprop.Data.Formats;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Serialization;
using Backprop.Metrics;

namespace Backprop.Tuning;

/// <summary>Exports a search's results, best first, as CSV or JSON (each file written atomically).</summary>
/// <remarks>
/// Columns: <c>rank, trial, round, seed, status, score</c>, one column per hyperparameter, one per metric,
/// <c>duration_s</c> and <c>error</c>. Parameter and metric columns are the union over all trials, in
/// first-seen order; a trial lacking one leaves it empty.
/// </remarks>
public static class ResultsTable
{
    /// <summary>Writes the CSV table to <paramref name="path"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static void WriteCsv(TuningResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = ToCsv(result);
        AtomicFile.WriteAllText(path, text);
    }

    /// <summary>The CSV table as text (RFC 4180 quoting, LF line ends, invariant culture).</summary>
    public static string ToCsv(TuningResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (parameters, metrics) = Columns(result);
        var csv = new StringBuilder();
        var header = new List<string> { "rank", "trial", "round", "seed", "status", "score" };
        header.AddRange(parameters);
        header.AddRange(metrics);
        header.Add("duration_s");
        header.Add("error");
        csv.AppendJoin(',', header.Select(CsvText.Quote)).Append('\n');
        for (int i = 0; i < result.Results.Count; i++)
        {
            var r = result.Results[i];
            var row = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture), Invariant(r.Trial.Id), Invariant(r.Trial.Round), Invariant(r.Trial.Seed), TrialRecordJson.StatusName(r.Status), Number(r.Score) };
            row.AddRange(parameters.Select(p => r.Trial.Values.TryGetValue(p, out var v) ? v is double d ? Number(d) : Trial.FormatValue(v) : ""));
            row.AddRange(metrics.Select(m => r.Metrics.TryGetValue(m, out var v) ? Number(v) : ""));
            row.Add(Number(r.Duration.TotalSeconds));
            row.Add(r.Error ?? "");
            csv.AppendJoin(',', row.Select(CsvText.Quote)).Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>Writes the table to <paramref name="path"/> as a JSON object with <c>direction</c> and a <c>trials</c> array, best first.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static void WriteJson(TuningResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(result);
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" });
            json.WriteStartObject();
            json.WriteString("direction", result.Goal == Goal.Minimize ? "minimize" : "maximize");
            json.WriteStartArray("trials");
            for (int i = 0; i < result.Results.Count; i++)
                WriteTrial(json, i + 1, result.Results[i]);
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static void WriteTrial(Utf8JsonWriter json, int rank, TrialResult r)
    {
        json.WriteStartObject();
        json.WriteNumber("rank", rank);
        json.WriteNumber("trial", r.Trial.Id);
        json.WriteNumber("round", r.Trial.Round);
        json.WriteNumber("seed", r.Trial.Seed);
        json.WriteString("status", TrialRecordJson.StatusName(r.Status));
        if (double.IsFinite(r.Score)) json.WriteNumber("score", r.Score); else json.WriteNull("score");
        json.WriteStartObject("params");
        foreach (var (name, value) in r.Trial.Values)
            TrialRecordJson.WriteValue(json, name, value);
        json.WriteEndObject();
        json.WriteStartObject("metrics");
        foreach (var (name, value) in r.Metrics)
            if (double.IsFinite(value)) json.WriteNumber(name, value); else json.WriteNull(name);
        json.WriteEndObject();
        json.WriteNumber("duration_s", r.Duration.TotalSeconds);
        if (r.Error is not null)
            json.WriteString("error", r.Error);
        json.WriteEndObject();
    }

    private static (List<string> Parameters, List<string> Metrics) Columns(TuningResult result)
    {
        var parameters = new List<string>();
        var metrics = new List<string>();
        foreach (var r in result.Results)
        {
            parameters.AddRange(r.Trial.Values.Keys.Where(k => !parameters.Contains(k)));
            metrics.AddRange(r.Metrics.Keys.Where(k => !metrics.Contains(k)));
        }
        return (parameters, metrics);
    }

    private static string Invariant<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
