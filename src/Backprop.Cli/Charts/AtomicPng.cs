namespace Backprop.Cli.Charts;

/// <summary>Writes a plot to a temporary file next to the target, then renames it: no half-written PNG is ever left.</summary>
internal static class AtomicPng
{
    public static void Save(ScottPlot.Plot plot, string path, int width, int height)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp.png");
        try
        {
            plot.SavePng(temporary, width, height);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
