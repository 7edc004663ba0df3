using System.Text;

namespace Backprop.Serialization;

/// <summary>
/// Writes whole files atomically: to a hidden temporary file in the same folder, flushed to disk, then
/// renamed over the destination. A failure part way leaves no half-written file and keeps an existing
/// one intact. Every file Backprop writes (models, ONNX, specs, tuning results, error-analysis sheets)
/// goes through here.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with whatever <paramref name="write"/> puts in the stream.</summary>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot write '{fullPath}': the folder '{folder}' does not exist.");
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            // A half-written temporary file is useless; the original failure is what the caller needs to see.
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    public static void WriteAllBytes(string path, ReadOnlyMemory<byte> bytes) => Write(path, stream => stream.Write(bytes.Span));

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically, as UTF-8 without a byte-order mark.</summary>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }
}
