using Backprop.Activations;
using Backprop.Losses;
using Backprop.Regularization;
using Backprop.Serialization;

namespace Backprop.Tests.Serialization;

/// <summary>The names model files write, spelled out by hand so that the format cannot drift with <see cref="SpecNames"/>.</summary>
public sealed class ModelVocabularyTests
{
    public static TheoryData<string, Activation> Activations => new()
    {
        { "sigmoid", Activation.Sigmoid }, { "tanh", Activation.Tanh }, { "relu", Activation.ReLU },
        { "linear", Activation.Linear }, { "softmax", Activation.Softmax }, { "leaky_relu", Activation.LeakyReLU(0.25) },
    };

    [Theory]
    [MemberData(nameof(Activations))]
    public void Activation_names_are_written_and_read_back(string name, Activation activation)
    {
        var (written, slope) = ModelVocabulary.Describe(activation);
        Assert.Equal(name, written);
        Assert.Equal(name == "leaky_relu" ? 0.25 : null, slope);
        Assert.Equal(name == "leaky_relu", ModelVocabulary.HasSlope(name));
        Assert.Equal(activation.Name, ModelVocabulary.Activation(name, 0.25)!.Name);
    }

    public static TheoryData<string, Loss> Losses => new()
    {
        { "binary_cross_entropy", Loss.BinaryCrossEntropy }, { "categorical_cross_entropy", Loss.CategoricalCrossEntropy },
        { "mean_squared_error", Loss.MeanSquaredError }, { "multi_task_binary_cross_entropy", Loss.MultiTaskBinaryCrossEntropy },
    };

    [Theory]
    [MemberData(nameof(Losses))]
    public void Loss_names_are_written_and_read_back(string name, Loss loss)
    {
        Assert.Equal(name, ModelVocabulary.Describe(loss));
        Assert.Same(loss, ModelVocabulary.Loss(name));
    }

    [Theory]
    [InlineData("l2")]
    [InlineData("l1")]
    public void Regularizer_names_are_written_and_read_back(string name)
    {
        var regularizer = ModelVocabulary.Regularizer(name, 0.5)!;
        Assert.Equal(name, ModelVocabulary.Describe(regularizer));
        Assert.Equal(name == "l2" ? "L2(λ=0.5)" : "L1(λ=0.5)", regularizer.Name);
    }

    [Fact]
    public void Unknown_names_read_as_null()
    {
        Assert.Null(ModelVocabulary.Activation("swish", 0));
        Assert.Null(ModelVocabulary.Activation("Relu", 0));
        Assert.Null(ModelVocabulary.Loss("hinge"));
        Assert.Null(ModelVocabulary.Regularizer("elastic", 1));
        Assert.False(ModelVocabulary.HasSlope("relu"));
    }

    [Fact]
    public void Element_types_are_float32_and_float64()
    {
        Assert.Equal("float32", ModelVocabulary.DType(typeof(float)));
        Assert.Equal("float64", ModelVocabulary.DType(typeof(double)));
        Assert.Equal(typeof(float), ModelVocabulary.ElementType("float32"));
        Assert.Equal(typeof(double), ModelVocabulary.ElementType("float64"));
        Assert.Equal([4, 8, 0], new[] { "float32", "float64", "float16" }.Select(ModelVocabulary.DTypeSize));
    }
}
