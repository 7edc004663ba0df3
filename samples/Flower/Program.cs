using System.Diagnostics;
using System.Globalization;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Initializers;
using Backprop.Layers;
using Backprop.Metrics;
using Backprop.Optimizers;
using Backprop.Randomness;
using Backprop.Training;

// Trains a deep network on the course's planar "flower" data, generated in code: 400 training points
// (the course's seed) and 400 fresh test points drawn with another seed. No files needed.
//   dotnet run --project samples/Flower -c Release

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Dataset<float> train = PlanarFlower.Generate<float>(seed: 1);
Dataset<float> test = PlanarFlower.Generate<float>(seed: 2);

var network = new NetworkBuilder(inputSize: 2)
    .Dense(16, Activation.Tanh, Initializer.Xavier)
    .Dense(8, Activation.ReLU, Initializer.He)
    .Dense(1, Activation.Sigmoid, Initializer.Xavier)
    .Build<float>(new FastRandom(seed: 3));

Console.WriteLine($"Planar flower: {train.Count} training and {test.Count} test examples, {train.Features} features.");
Console.WriteLine(network.Summary());
Console.WriteLine();

var clock = Stopwatch.StartNew();
var history = Trainer.Train(network, train, new TrainingOptions
{
    Optimizer = new GradientDescent(learningRate: 0.5),
    Epochs = 10_000,
    CostEvery = 1000,
});
foreach (var (iteration, cost) in history.Costs)
    Console.WriteLine($"Cost after iteration {iteration,5}: {cost:F6}");

double trainAccuracy = Accuracy.Binary(network.Forward(train.X), train.Y);
double testAccuracy = Accuracy.Binary(network.Forward(test.X), test.Y);
Console.WriteLine();
Console.WriteLine($"Train accuracy: {trainAccuracy:P2}");
Console.WriteLine($"Test accuracy:  {testAccuracy:P2}");
Console.WriteLine($"Trained {history.Epochs} iterations in {clock.Elapsed.TotalSeconds:F2} s.");
