using System.Text.Json;

namespace Backprop.Tuning;

/// <summary>
/// A durable, append-only trial log in JSON lines, shared by every worker of a search (threads, processes,
/// or processes on several machines with a common folder): an optional first line naming the search, then one
/// <see cref="TrialRecord"/> per line, each written in one call under an exclusive lock and flushed to disk
/// (fsync), so a worker that dies loses at most the trial it was running and never a finished one.
/// </summary>
/// <remarks>
/// <para>Every append and every read-then-claim happens under <see cref="LockPath"/> (see
/// <see cref="TrialLogLock"/> for why a plain append is not enough), so records never interleave.</para>
/// <para>Reading tolerates one torn write: a last line with no line end (a writer killed mid-record, or a
/// machine that lost power) is skipped. Any other line that is not a record is an error naming its line
/// number, since it means the file was damaged or is not a trial log. Before appending, a torn last line is
/// cut off; under the lock only a dead writer can have left it.</para>
/// <para>Line formats: <c>{"search":{"space":"sha256:…","data":"sha256:…",…},"time":"…"}</c> and
/// <c>{"trial":3,"round":0,"seed":…,"status":"completed","worker":"host:1234","time":"…","host":"host","pid":1234,
/// "params":{"learning_rate":0.0012,"hidden_units":32},"score":0.9,"metrics":{…},"duration_s":4.2}</c>; a
/// <c>started</c> record (a claim) also has <c>lease_until</c>.</para>
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
    }

    /// <summary>The log file's full path.</summary>
    public string Path { get; }

    /// <summary>The sidecar file locked while reading-then-claiming and appending: <c>LOG.lock</c>.</summary>
    public string LockPath => Path + ".lock";

    /// <summary>The worker id stamped on records appended through this instance.</summary>
    public string WorkerId { get; }

    /// <summary>
    /// Appends <paramref name="record"/> as one line under the lock and flushes it to disk before returning.
    /// Records without a worker, host or process id get this worker's.
    /// </summary>
    /// <exception cref="IOException">Writing failed, or the lock could not be taken.</exception>
    public void Append(TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            using var held = TrialLogLock.Acquire(LockPath);
            WriteLine(TrialRecordJson.ToLine(Stamp(record)));
        }
    }

    /// <summary>
    /// Ties the log to one search: writes <paramref name="identity"/> as the first line of an empty log, or
    /// checks it against the identity already there, so a worker given another space or other data stops
    /// instead of mixing its trials in.
    /// </summary>
    /// <param name="identity">Named facts about the search (hashes of the space and data, the seed, …); compared key by key.</param>
    /// <exception cref="InvalidDataException">The log belongs to another search; the message names the first field that differs.</exception>
    public void BindSearch(IReadOnlyDictionary<string, string> identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        lock (_gate)
        {
            using var held = TrialLogLock.Acquire(LockPath);
            var contents = ReadContents(Path);
            if (contents.Search is { } existing)
            {
                foreach (var (key, value) in identity)
                {
                    string theirs = existing.TryGetValue(key, out var v) ? v : "(none)";
                    if (theirs != value)
                        throw new InvalidDataException($"Trial log '{Path}' belongs to another search: its {key} is {theirs}, this run's is {value}. Use another --log (or --out) for this search.");
                }
                return;
            }
            if (contents.Records.Count > 0)
                return; // A log written before identities were recorded: the per-trial seed check still guards it.
            WriteLine(TrialRecordJson.SearchLine(identity));
        }
    }

    /// <summary>
    /// Under the lock: reads the log, lets <paramref name="decide"/> pick a record to append (or none), and
    /// appends it. This is how a worker claims a trial without another worker claiming it at the same time.
    /// </summary>
    /// <returns>The record appended (with this worker's ids filled in), or null.</returns>
    internal TrialRecord? Update(Func<TrialLogContents, TrialRecord?> decide)
    {
        lock (_gate)
        {
            using var held = TrialLogLock.Acquire(LockPath);
            var record = decide(ReadContents(Path));
            if (record is null)
                return null;
            record = Stamp(record);
            WriteLine(TrialRecordJson.ToLine(record));
            return record;
        }
    }

    private TrialRecord Stamp(TrialRecord record) => record with
    {
        WorkerId = record.WorkerId.Length == 0 ? WorkerId : record.WorkerId,
        Host = record.Host ?? Environment.MachineName,
        ProcessId = record.ProcessId ?? Environment.ProcessId,
    };

    /// <summary>The records in <paramref name="path"/>, in file order; empty when the file does not exist.</summary>
    /// <exception cref="InvalidDataException">A line other than a torn last one is not a record; the message names the line (and the field).</exception>
    public static IReadOnlyList<TrialRecord> Read(string path) => ReadContents(path).Records;

    /// <summary>The records in <paramref name="path"/>, and how many torn lines were skipped (0, or 1 for a torn last line).</summary>
    /// <exception cref="InvalidDataException">A line other than a torn last one is not a record; the message names the line (and the field).</exception>
    public static IReadOnlyList<TrialRecord> Read(string path, out int skippedLines)
    {
        var contents = ReadContents(path);
        skippedLines = contents.TornLastLine ? 1 : 0;
        return contents.Records;
    }

    /// <summary>Everything in <paramref name="path"/>: search identity, records, and whether the last line was torn.</summary>
    /// <exception cref="InvalidDataException">A line other than a torn last one is not a record; the message names the line (and the field).</exception>
    public static TrialLogContents ReadContents(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var records = new List<TrialRecord>();
        if (!File.Exists(path))
            return new TrialLogContents(null, records, false);
        byte[] bytes;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            bytes = new byte[file.Length];
            file.ReadExactly(bytes);
        }

        IReadOnlyDictionary<string, string>? search = null;
        int end = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        int lineNumber = 0;
        for (int start = 0; start < end;)
        {
            int length = bytes.AsSpan(start, end - start).IndexOf((byte)'\n');
            var range = new Range(start, start + length);
            start += length + 1;
            lineNumber++;
            if (bytes.AsSpan(range).Trim(" \r\t"u8).IsEmpty)
                continue;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes.AsMemory(range));
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"Trial log '{path}', line {lineNumber}: not a JSON record ({ex.Message.Split(" LineNumber", 2)[0].TrimEnd('.')}). Only a torn last line is skipped; this one has records after it, so the file is damaged.", ex);
            }
            using (document)
            {
                if (TrialRecordJson.IsSearchLine(document.RootElement))
                    search ??= TrialRecordJson.ParseSearch(document.RootElement, path, lineNumber);
                else
                    records.Add(TrialRecordJson.Parse(document.RootElement, path, lineNumber));
            }
        }
        return new TrialLogContents(search, records, end < bytes.Length);
    }

    // Called under the lock: cuts off a torn last line (only a dead writer can have left it), then appends
    // one whole line with a single write and flushes it to disk.
    private void WriteLine(byte[] line)
    {
        using var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        long length = file.Length;
        if (length > 0)
        {
            file.Seek(-1, SeekOrigin.End);
            if (file.ReadByte() != '\n')
                file.SetLength(LastLineEnd(file));
        }
        file.Seek(0, SeekOrigin.End);
        file.Write(line);
        file.Flush(flushToDisk: true);
    }

    private static long LastLineEnd(FileStream file)
    {
        var buffer = new byte[4096];
        long position = file.Length;
        while (position > 0)
        {
            int count = (int)Math.Min(buffer.Length, position);
            position -= count;
            file.Seek(position, SeekOrigin.Begin);
            file.ReadExactly(buffer, 0, count);
            int newline = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (newline >= 0)
                return position + newline + 1;
        }
        return 0;
    }
}
