using System.Text.Json;
using Backprop.Cli;

namespace Backprop.Cli.Tests;

public class DiagnoseCommandTests
{
    [Fact]
    public async Task The_course_ladder_names_avoidable_bias_with_its_recipe()
    {
        var output = new StringWriter();
        int exit = await CommandLine.RunAsync(["diagnose", "--human", "0.01", "--train", "0.08", "--train-dev", "0.10", "--dev", "0.12", "--json"], output, new StringWriter());
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(0.07, json.RootElement.GetProperty("avoidable_bias").GetDouble(), 12);
        Assert.Equal(0.02, json.RootElement.GetProperty("variance").GetDouble(), 12);
        Assert.Equal(0.02, json.RootElement.GetProperty("data_mismatch").GetDouble(), 12);
        Assert.Equal("AvoidableBias", json.RootElement.GetProperty("dominant").GetString());
        Assert.True(json.RootElement.GetProperty("recipe").GetArrayLength() > 0);
    }

    [Fact]
    public async Task An_error_rate_above_1_is_a_user_error_naming_it()
    {
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(["diagnose", "--human", "0.01", "--train", "1.5", "--dev", "0.1"], new StringWriter(), error);
        Assert.Equal(2, exit);
        Assert.Contains("Training", error.ToString());
        Assert.Single(error.ToString().Trim().Split('\n'));
    }
}
