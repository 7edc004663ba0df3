namespace Backprop.Tests.Data;

/// <summary>A fresh folder under the system temp folder for one test's files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        FullName = Path.Combine(Path.GetTempPath(), "backprop-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullName);
    }

    public string FullName { get; }

    /// <summary>The path of <paramref name="fileName"/> in this folder (the file is not created).</summary>
    public string PathOf(string fileName) => Path.Combine(FullName, fileName);

    /// <summary>Writes <paramref name="text"/> to a new file and returns its path.</summary>
    public string WriteText(string fileName, string text)
    {
        string path = PathOf(fileName);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes <paramref name="bytes"/> to a new file and returns its path.</summary>
    public string WriteBytes(string fileName, ReadOnlySpan<byte> bytes)
    {
        string path = PathOf(fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}
