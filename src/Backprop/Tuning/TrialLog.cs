using System.Text.Json;

namespace Backprop.Tuning;

/// <summary>
/// A durable, append-only trial log in JSON lines: one <see cref="TrialRecord"/> per line, each written
/// with a single write call and then flushed to disk (fsync), so a worker that crashes loses at most the
/// trial it was running and never a finished one.
/// </summary>
/// <remarks>
/// <para>Several processes may append to the same file: every record is one line written in one call and
/// carries its <see cref="TrialRecord.WorkerId"/>. A resumed search reads the log, skips completed and
/// failed trials and runs again those that were started and never finished.</para>
/// <para>Reading tolerates torn writes: a line that is not valid JSON (a crash mid-write leaves a truncated
/// last line) is skipped and counted. When a log whose last line was torn is reopened for appending, a
/// newline is written first so the next record starts on a line of its own.</para>
/// <para>Line format: <c>{"trial":3,"round":0,"seed":…,"status":"completed","worker":"host:1234",
/// "time":"…","params":{"LearningRate":0.0012,"HiddenUnits":32},"score":0.21,"metrics":{…},"duration_s":4.2}</c>.</para>
/// </remarks>
public sealed class TrialLog
{
    private readonly Lock _gate = new();

    /// <summary>Opens (creating when missing) the log at <paramref name="path"/> for appending.</summary>
    /// <param name="path">The JSON-lines file; its folder must exist.</param>
    /// <param name="workerId">Written on records that carry none; defaults to <c>machine:process id</c>.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public TrialLog(string path, string? workerId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        string? folder = System.IO.Path.GetDirectoryName(Path);
        if (folder is not null && !Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot open trial log '{Path}': the folder '{folder}' does not exist.");
        WorkerId = string.IsNullOrEmpty(workerId) ? $"{Environment.MachineName}:{Environment.ProcessId}" : workerId;
        RepairTornLine();
    }

    /// <summary>The log file's full path.</summary>
    public string Path { get; }

    /// <summary>The worker id stamped on records appended through this instance.</summary>
    public string WorkerId { get; }

    /// <summary>Appends <paramref name="record"/> as one line and flushes it to disk before returning.</summary>
    /// <exception cref="IOException">Writing failed.</exception>
    public void Append(TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.WorkerId.Length == 0)
            record = record with { WorkerId = WorkerId };
        byte[] line = TrialRecordJson.ToLine(record);
        lock (_gate)
        {
            using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>The records in <paramref name="path"/>, in file order; empty when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">A line is valid JSON but not a trial record; the message names the line and the field.</exception>
    public static IReadOnlyList<TrialRecord> Read(string path) => Read(path, out _);

    /// <summary>The records in <paramref name="path"/>, and how many torn (non-JSON) lines were skipped.</summary>
    /// <exception cref="InvalidDataException">A line is valid JSON but not a trial record; the message names the line and the field.</exception>
    public static IReadOnlyList<TrialRecord> Read(string path, out int skippedLines)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        skippedLines = 0;
        var records = new List<TrialRecord>();
        if (!File.Exists(path))
            return records;
        byte[] bytes;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[file.Length];
            file.ReadExactly(bytes);
        }

        int lineNumber = 0;
        foreach (var range in Lines(bytes))
        {
            lineNumber++;
            var line = bytes.AsSpan(range);
            if (line.Trim((byte)' ').IsEmpty)
                continue;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes.AsMemory(range));
            }
            catch (JsonException)
            {
                skippedLines++;
                continue;
            }
            using (document)
                records.Add(TrialRecordJson.Parse(document.RootElement, path, lineNumber));
        }
        return records;
    }

    private static IEnumerable<Range> Lines(byte[] bytes)
    {
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n')
                continue;
            yield return new Range(start, i);
            start = i + 1;
        }
        if (start < bytes.Length)
            yield return new Range(start, bytes.Length);
    }

    private void RepairTornLine()
    {
        using var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length == 0)
            return;
        file.Seek(-1, SeekOrigin.End);
        if (file.ReadByte() == '\n')
            return;
        file.Seek(0, SeekOrigin.End);
        file.WriteByte((byte)'\n');
        file.Flush(flushToDisk: true);
    }
}
