using Backprop.Optimizers;

namespace Backprop.Tests.Optimizers;

/// <summary>Every bad hyperparameter throws ArgumentOutOfRangeException naming the parameter and carrying the value.</summary>
public class HyperparameterValidationTests
{
    private static readonly double[] BadRates = [0, -0.1, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
    private static readonly double[] BadBetas = [-0.1, 1, 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
    private static readonly double[] BadEpsilons = [0, -1e-8, double.NaN, double.PositiveInfinity];
    private static readonly double[] BadDecays = [-0.01, double.NaN, double.PositiveInfinity];

    /// <summary>Each constructor with exactly one named argument replaced; everything else valid.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "Momentum", "learningRate" }, { "Momentum", "beta" },
        { "Nesterov", "learningRate" }, { "Nesterov", "beta" },
        { "RmsProp", "learningRate" }, { "RmsProp", "beta2" }, { "RmsProp", "epsilon" },
        { "Adam", "learningRate" }, { "Adam", "beta1" }, { "Adam", "beta2" }, { "Adam", "epsilon" },
        { "AdamW", "learningRate" }, { "AdamW", "beta1" }, { "AdamW", "beta2" }, { "AdamW", "epsilon" }, { "AdamW", "weightDecay" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_value_throws_naming_the_parameter_and_the_value(string optimizer, string parameter)
    {
        double[] bad = parameter switch
        {
            "learningRate" => BadRates,
            "beta" or "beta1" or "beta2" => BadBetas,
            "epsilon" => BadEpsilons,
            _ => BadDecays,
        };
        foreach (double value in bad)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Construct(optimizer, parameter, value));
            Assert.Equal(parameter, ex.ParamName);
            Assert.Equal(value, ex.ActualValue);
        }
    }

    [Fact]
    public void Boundary_values_are_accepted()
    {
        // β = 0 (no averaging) and λ = 0 (no decay) are legal; so is a tiny ε. Each is stored as given.
        var momentum = new Momentum(1e-9, beta: 0);
        Assert.Equal(1e-9, momentum.LearningRate);
        Assert.Equal(0, momentum.Beta);
        Assert.Equal(0.999999, new Nesterov(5, beta: 0.999999).Beta);
        var rmsProp = new RmsProp(0.1, beta2: 0, epsilon: double.Epsilon);
        Assert.Equal(0, rmsProp.Beta2);
        Assert.Equal(double.Epsilon, rmsProp.Epsilon);
        var adam = new Adam(0.1, beta1: 0, beta2: 0);
        Assert.Equal(0, adam.Beta1);
        Assert.Equal(0, adam.Beta2);
        Assert.Equal(0, new AdamW(weightDecay: 0).WeightDecay);
    }

    [Fact]
    public void Clipping_thresholds_are_validated()
    {
        foreach (double value in new[] { 0, -1, double.NaN, double.PositiveInfinity })
        {
            var norm = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ByNorm(value));
            Assert.Equal("maxNorm", norm.ParamName);
            Assert.Equal(value, norm.ActualValue);
            var clamp = Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ByValue(value));
            Assert.Equal("limit", clamp.ParamName);
            Assert.Equal(value, clamp.ActualValue);
        }
    }

    private static Optimizer Construct(string optimizer, string parameter, double value)
    {
        double Pick(string name, double valid) => name == parameter ? value : valid;
        return optimizer switch
        {
            "Momentum" => new Momentum(Pick("learningRate", 0.1), Pick("beta", 0.9)),
            "Nesterov" => new Nesterov(Pick("learningRate", 0.1), Pick("beta", 0.9)),
            "RmsProp" => new RmsProp(Pick("learningRate", 0.1), Pick("beta2", 0.9), Pick("epsilon", 1e-8)),
            "Adam" => new Adam(Pick("learningRate", 0.1), Pick("beta1", 0.9), Pick("beta2", 0.999), Pick("epsilon", 1e-8)),
            "AdamW" => new AdamW(Pick("learningRate", 0.1), Pick("beta1", 0.9), Pick("beta2", 0.999), Pick("epsilon", 1e-8), Pick("weightDecay", 0.01)),
            _ => throw new ArgumentException(optimizer, nameof(optimizer)),
        };
    }
}
