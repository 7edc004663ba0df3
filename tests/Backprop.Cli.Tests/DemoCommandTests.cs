using Backprop.Cli;

namespace Backprop.Cli.Tests;

public sealed class DemoCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"backprop-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Demo_trains_reports_accuracy_and_writes_png_plots()
    {
        var (exit, output, error) = await Run("demo", "--out", _folder, "--epochs", "60");
        Assert.Equal(0, exit);
        Assert.Matches(@"dev accuracy \d+\.\d\d %", output);
        Assert.Contains("epoch    60/60", error);
        foreach (string name in new[] { "cost.png", "decision-boundary.png" })
        {
            byte[] bytes = await File.ReadAllBytesAsync(Path.Combine(_folder, name));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.True(bytes.Length > 5000, $"{name} is only {bytes.Length} bytes.");
        }
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*"));

        // The model the demo wrote loads and reports the demo's network.
        var inspect = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(["inspect", Path.Combine(_folder, "flower.bpmodel"), "--json"], inspect, new StringWriter()));
        using var json = System.Text.Json.JsonDocument.Parse(inspect.ToString());
        Assert.Equal(2, json.RootElement.GetProperty("inputs").GetInt32());
        Assert.Equal(193, json.RootElement.GetProperty("parameters").GetInt64());
        Assert.Equal("red", json.RootElement.GetProperty("classes")[0].GetString());
        Assert.Equal("60", json.RootElement.GetProperty("metadata").GetProperty("epochs").GetString());
    }

    [Fact]
    public async Task Inspecting_a_corrupt_model_is_a_one_line_error()
    {
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, "broken.bpmodel");
        await File.WriteAllTextAsync(path, "not a model");
        var (exit, _, error) = await Run("inspect", path);
        Assert.Equal(2, exit);
        Assert.Contains("broken.bpmodel", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Quiet_demo_prints_no_progress()
    {
        var (exit, _, error) = await Run("demo", "--out", _folder, "--epochs", "5", "--quiet");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("demo", "--epochs", "0")]
    [InlineData("demo", "--epochs", "many")]
    [InlineData("demo", "--no-such-flag")]
    [InlineData("no-such-command")]
    public async Task Bad_input_is_a_one_line_error_and_exit_code_2(params string[] args)
    {
        var (exit, _, error) = await Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith("backprop", error);
        Assert.DoesNotContain("   at ", error);
    }
}
