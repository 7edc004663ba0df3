using Backprop.Data;
using Backprop.Layers;
using Backprop.Metrics;
using Backprop.Training;

namespace Backprop.Samples;

/// <summary>The steps every reproduced course run shares: train, then measure accuracy on each set.</summary>
public static class CourseRuns
{
    /// <summary>Trains <paramref name="network"/> with <paramref name="options"/> and reports the recorded costs and accuracies.</summary>
    public static ExperimentResult Fit(string name, Network<double> network, Dataset<double> train, Dataset<double>? test, TrainingOptions options)
    {
        var history = Trainer.Train(network, train, options);
        var costs = history.Costs.ToDictionary(c => c.Epoch, c => c.Cost);
        double trainAccuracy = Accuracy.Binary(network.Forward(train.X), train.Y);
        double? testAccuracy = test is null ? null : Accuracy.Binary(network.Forward(test.X), test.Y);
        return new ExperimentResult(name, costs, trainAccuracy, testAccuracy);
    }
}
