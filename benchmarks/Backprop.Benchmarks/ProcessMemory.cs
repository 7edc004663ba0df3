using System.Globalization;

namespace Backprop.Benchmarks;

/// <summary>Peak resident memory as WORKLOADS.md measures it: reset the kernel's high-water mark, read VmHWM later.</summary>
internal static class ProcessMemory
{
    /// <summary>Collects garbage, resets VmHWM (writes 5 to /proc/self/clear_refs) and returns the resident size in MiB.</summary>
    public static double ResetPeak()
    {
        // Aggressive: a full compacting collection that also returns the freed memory (the data loaders'
        // temporary buffers) to the operating system, so the resident size is what training really holds.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the peak then covers the whole process.
        }
        return Read("VmRSS:");
    }

    /// <summary>VmHWM in MiB (NaN where /proc is unavailable).</summary>
    public static double Peak() => Read("VmHWM:");

    private static double Read(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
            return double.NaN;
        foreach (string line in File.ReadLines(status))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                string kb = line[key.Length..].Trim().Split(' ')[0];
                return double.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        return double.NaN;
    }
}
