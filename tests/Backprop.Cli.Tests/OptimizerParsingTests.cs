using Backprop.Cli.Commands;
using Backprop.Optimizers;

namespace Backprop.Cli.Tests;

/// <summary><c>train --optimizer/--lr</c> and <c>tune</c>'s <c>optimizer</c>/<c>learning_rate</c> parameters go through one parser with one set of defaults.</summary>
public sealed class OptimizerParsingTests
{
    private static Optimizer Train(string? name, double? lr)
    {
        var settings = new TrainCommand.Settings { Data = "train.csv", Out = "model.bpmodel", LearningRate = lr };
        return TrainCommand.FlagOptimizer(name is null ? settings : settings with { Optimizer = name });
    }

    private static Optimizer Tune(string? name, double? lr)
    {
        var values = new Dictionary<string, object>();
        if (name is not null) values["optimizer"] = name;
        if (lr is not null) values["learning_rate"] = lr.Value;
        return TuneSearch.TrialOptimizer(values);
    }

    [Theory]
    // Without a learning rate: 0.01 for gd and momentum (tune used 0.001 before), 0.001 for the others.
    [InlineData("gd", null, typeof(GradientDescent), 0.01)]
    [InlineData("momentum", null, typeof(Momentum), 0.01)]
    [InlineData("rmsprop", null, typeof(RmsProp), 0.001)]
    [InlineData("adam", null, typeof(Adam), 0.001)]
    [InlineData("adamw", null, typeof(AdamW), 0.001)]
    [InlineData("Momentum", 0.05, typeof(Momentum), 0.05)]
    [InlineData("adam", 0.02, typeof(Adam), 0.02)]
    [InlineData(null, null, typeof(Adam), 0.001)]
    public void Train_and_tune_build_the_same_optimizer_from_the_same_text(string? name, double? lr, Type type, double learningRate)
    {
        var train = Train(name, lr);
        var tune = Tune(name, lr);
        Assert.IsType(type, train);
        Assert.IsType(type, tune);
        Assert.Equal(learningRate, train.LearningRate);
        Assert.Equal(learningRate, tune.LearningRate);
        // The name lists every hyperparameter (β, β₁, β₂, ε, weight decay), so equal names are equal settings.
        Assert.Equal(train.Name, tune.Name);
    }

    [Fact]
    public void Tune_sets_beta_and_beta1_where_the_space_has_them()
    {
        var momentum = Assert.IsType<Momentum>(TuneSearch.TrialOptimizer(new Dictionary<string, object> { ["optimizer"] = "momentum", ["beta"] = 0.95 }));
        Assert.Equal(0.95, momentum.Beta);
        Assert.Equal(0.9, Assert.IsType<Momentum>(Train("momentum", null)).Beta);
        var adam = Assert.IsType<Adam>(TuneSearch.TrialOptimizer(new Dictionary<string, object> { ["optimizer"] = "adam", ["beta1"] = 0.8 }));
        Assert.Equal(0.8, adam.Beta1);
        Assert.Equal(0.9, Assert.IsType<Adam>(Train("adam", null)).Beta1);
    }

    [Fact]
    public void An_unknown_name_is_an_error_naming_where_it_came_from()
    {
        Assert.Equal("--optimizer must be gd, momentum, rmsprop, adam or adamw; got 'sgd'.", Assert.Throws<ArgumentException>(() => Train("sgd", null)).Message);
        Assert.Equal("optimizer must be gd, momentum, rmsprop, adam or adamw; got 'sgd'.", Assert.Throws<ArgumentException>(() => Tune("sgd", null)).Message);
    }
}
