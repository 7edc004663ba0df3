using System.Text.Json;
using Backprop.Cli;

namespace Backprop.Cli.Tests;

public class GradcheckCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("tanh")]
    [InlineData("leaky-relu")]
    [InlineData("leaky_relu")]
    public async Task Json_output_is_one_object_with_a_correct_verdict(string activation)
    {
        var (exit, output, error) = await Run("gradcheck", "--layers", "5,3", "--activation", activation, "--json");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("relative_difference").GetDouble() < 1e-7);
        Assert.Equal("correct", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(5, json.RootElement.GetProperty("worst").GetArrayLength());
        Assert.StartsWith("layers.", json.RootElement.GetProperty("worst")[0].GetProperty("parameter").GetString());
        Assert.Single(output.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--layers", "5,x")]
    [InlineData("--layers", "0")]
    [InlineData("--activation", "swish")]
    [InlineData("--examples", "0")]
    public async Task Bad_values_name_the_option(string option, string value)
    {
        var (exit, _, error) = await Run("gradcheck", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(option, error);
    }

    [Theory]
    [InlineData("leaky-relu")]
    [InlineData("leaky_relu")]
    [InlineData("Leaky_ReLU")]
    public void Both_spellings_of_leaky_relu_parse_to_the_course_default_slope(string name)
    {
        var activation = Options.ParseActivation(name);
        Assert.Equal("LeakyReLU(0.01)", activation.Name);
        Assert.Equal(-0.02, activation.Apply(-2), 12);
    }
}
