using Backprop.Tuning;

namespace Backprop.Tests.Tuning;

public class SearchSpaceJsonTests
{
    [Fact]
    public void Save_and_load_round_trip()
    {
        var space = SearchSpace.Empty.LogUniform("LearningRate", 1e-4, 0.1).IntRange("Hidden", 16, 128)
            .OneMinusBeta("Beta1", 0.9, 0.999).Uniform("KeepProb", 0.5, 1).Choice("Optimizer", "adam", "momentum");
        string path = Path.Combine(Path.GetTempPath(), $"space-{Guid.NewGuid():N}.json");
        try
        {
            SearchSpaceJson.Save(space, path);
            var loaded = SearchSpaceJson.Load(path);
            Assert.Equal(space.ToString(), loaded.ToString());
            Assert.Equal(space.Sample(9, 4).Values, loaded.Sample(9, 4).Values);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"parameters": []}""", "parameters")]
    [InlineData("""{"params": []}""", "parameters")]
    [InlineData("""{"parameters": [{"scale": "uniform", "min": 0, "max": 1}]}""", "parameters[0].name")]
    [InlineData("""{"parameters": [{"name": "A", "scale": "cubic", "min": 0, "max": 1}]}""", "parameters[0] (A).scale")]
    [InlineData("""{"parameters": [{"name": "A", "scale": "uniform", "min": 2, "max": 1}]}""", "parameters[0] (A).min")]
    [InlineData("""{"parameters": [{"name": "A", "scale": "uniform", "min": 0}]}""", "parameters[0] (A).max")]
    [InlineData("""{"parameters": [{"name": "A", "scale": "log-uniform", "min": -1, "max": 1}]}""", "parameters[0] (A).min")]
    [InlineData("""{"parameters": [{"name": "B", "scale": "one-minus-beta", "min": 0.9, "max": 1.5}]}""", "parameters[0] (B).max")]
    [InlineData("""{"parameters": [{"name": "C", "scale": "choice", "values": ["x", 3]}]}""", "parameters[0] (C).values[1]")]
    [InlineData("""{"parameters": [{"name": "A", "scale": "int", "min": 1, "max": 2}, {"name": "A", "scale": "int", "min": 1, "max": 2}]}""", "parameters[1] (A).name")]
    public void Bad_json_names_the_field(string json, string field)
    {
        var ex = Assert.Throws<SearchSpaceException>(() => SearchSpaceJson.Parse(json));
        Assert.Equal(field, ex.Field);
    }
}
