using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace Backprop.Tests.Tensors;

/// <summary>
/// Runs tests/Backprop.KernelProbe in child processes with the runtime's instruction sets switched off, and
/// checks that the library then chooses the next kernel path down and that every path computes the same
/// GEMMs and training steps (odd sizes, all operand layouts, every activation, batch norm, dropout, Adam).
/// </summary>
/// <remarks>
/// .NET 10 reads <c>DOTNET_EnableAVX512=0</c>; .NET 8 and 9 read <c>DOTNET_EnableAVX512F=0</c>. Both are set,
/// and the test asserts the path actually changed, so a renamed switch fails the test instead of passing it.
/// </remarks>
public class KernelDispatchTests
{
    private static readonly Dictionary<string, string> NoAvx512 = new() { ["DOTNET_EnableAVX512"] = "0", ["DOTNET_EnableAVX512F"] = "0" };
    private static readonly Dictionary<string, string> NoAvx2 = new() { ["DOTNET_EnableAVX2"] = "0" };

    [Fact]
    public void Every_kernel_path_is_chosen_when_the_better_ones_are_disabled_and_all_agree()
    {
        Assert.SkipUnless(Avx2.IsSupported, "This machine has no AVX2, so there is no lower path to switch to.");
        var best = Probe(new());
        var noAvx512 = Probe(NoAvx512);
        var noAvx2 = Probe(NoAvx2);

        Assert.Equal(Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? "Avx512" : "Avx2", best.Path);
        Assert.Equal("Avx2", noAvx512.Path);
        Assert.False(noAvx512.Vector512);
        Assert.True(noAvx512.Vector256);
        Assert.Equal("Portable", noAvx2.Path);
        Assert.False(noAvx2.Vector256);

        AssertAgree(best, noAvx512);
        AssertAgree(best, noAvx2);
    }

    private static void AssertAgree(ProbeReport expected, ProbeReport actual)
    {
        Assert.Equal(expected.Results.Keys, actual.Results.Keys);
        Assert.True(expected.Results.Count >= 40, $"The probe reported only {expected.Results.Count} results.");
        foreach (var (name, values) in expected.Results)
        {
            double[] other = actual.Results[name];
            Assert.Equal(values.Length, other.Length);
            // Measured: the paths differ by at most 6e-8 (float) and 1.1e-16 (double), relative.
            double tolerance = name.StartsWith("float", StringComparison.Ordinal) ? 1e-6 : 1e-13;
            for (int i = 0; i < values.Length; i++)
            {
                double error = Math.Abs(values[i] - other[i]) / Math.Max(1, Math.Abs(values[i]));
                Assert.True(error <= tolerance, $"{name}[{i}]: {expected.Path} gives {values[i]:R}, {actual.Path} gives {other[i]:R} (relative difference {error:E2}).");
            }
        }
    }

    private sealed record ProbeReport(string Path, bool Vector512, bool Vector256, Dictionary<string, double[]> Results);

    private static ProbeReport Probe(Dictionary<string, string> environment)
    {
        // tests/Backprop.Tests/bin/<configuration>/<framework>/ → tests/Backprop.KernelProbe/bin/<configuration>/<framework>/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = here.Name, configuration = here.Parent!.Name;
        string tests = here.Parent.Parent!.Parent!.Parent!.FullName;
        string dll = Path.Combine(tests, "Backprop.KernelProbe", "bin", configuration, framework, "Backprop.KernelProbe.dll");
        Assert.True(File.Exists(dll), $"The probe is not built: {dll}");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "The probe did not finish in two minutes.");
        Assert.True(process.ExitCode == 0, $"The probe failed ({process.ExitCode}): {error.Result}");

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var results = root.GetProperty("results").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray(), StringComparer.Ordinal);
        return new ProbeReport(root.GetProperty("gemm_path").GetString()!, root.GetProperty("vector512").GetBoolean(), root.GetProperty("vector256").GetBoolean(), results);
    }
}
