using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Tensors;

namespace Backprop.Cli.Commands;

/// <summary>What a model predicts, which fixes its output layer, loss and metrics.</summary>
internal enum TaskKind
{
    Binary,
    Multiclass,
    Regression,
}

/// <summary>Choosing and applying a <see cref="TaskKind"/>.</summary>
internal static class Tasks
{
    /// <summary>binary when every target is 0 or 1; multiclass when they are integers 0…C−1 with C &gt; 2; regression otherwise.</summary>
    public static TaskKind Infer(Matrix<float> y)
    {
        var values = y.Span;
        bool integers = true, binary = true;
        foreach (float v in values)
        {
            if (v != 0 && v != 1) binary = false;
            if (v < 0 || v != MathF.Round(v)) integers = false;
        }
        return binary ? TaskKind.Binary : integers ? TaskKind.Multiclass : TaskKind.Regression;
    }

    public static TaskKind Parse(string text) => text.ToLowerInvariant() switch
    {
        "binary" => TaskKind.Binary,
        "multiclass" => TaskKind.Multiclass,
        "regression" => TaskKind.Regression,
        _ => throw new ArgumentException($"--task must be binary, multiclass or regression; got '{text}'."),
    };

    public static string Name(TaskKind task) => task.ToString().ToLowerInvariant();

    /// <summary>The task of a loaded network, from its loss.</summary>
    public static TaskKind Of(Network<float> network)
        => network.Loss == Loss.BinaryCrossEntropy ? TaskKind.Binary : network.Loss == Loss.CategoricalCrossEntropy ? TaskKind.Multiclass : TaskKind.Regression;

    /// <summary>Appends the output layer and loss for the task.</summary>
    public static NetworkBuilder Output(NetworkBuilder builder, TaskKind task, int classes, Initializers.Initializer initializer) => task switch
    {
        TaskKind.Binary => builder.Dense(1, Activation.Sigmoid, initializer),
        TaskKind.Multiclass => builder.Dense(classes, Activation.Softmax, initializer).WithLoss(Loss.CategoricalCrossEntropy),
        _ => builder.Dense(1, Activation.Linear, initializer).WithLoss(Loss.MeanSquaredError),
    };

    /// <summary>The initializer of a task's output layer: He, meant for ReLU layers, becomes Xavier for the sigmoid, softmax or linear output; any other is kept.</summary>
    public static Initializers.Initializer OutputInitializer(Initializers.Initializer hidden)
        => hidden == Initializers.Initializer.He ? Initializers.Initializer.Xavier : hidden;

    /// <summary>Labels in the network's form: one-hot for multiclass (from a row of class indices), unchanged otherwise.</summary>
    public static Dataset<float> Encode(Dataset<float> data, TaskKind task, int classes)
        => task == TaskKind.Multiclass && data.Y.Rows == 1 ? new Dataset<float>(data.X, OneHot.Encode(data.Y, classes), data.ClassNames) : data;

    /// <summary>Data as the network takes it: normalized with <paramref name="normalizer"/> (when there is one), then its labels encoded for the task.</summary>
    public static Dataset<float> Prepare(Dataset<float> data, Normalizer? normalizer, TaskKind task, int classes)
        => Encode(normalizer is null ? data : normalizer.Transform(data), task, classes);

    /// <summary>Cost and accuracy (classification) or cost only, in prediction mode.</summary>
    public static (double Cost, double? Accuracy) Evaluate(Network<float> network, Dataset<float> data)
        => Training.Trainer.Evaluate(network, data);

    /// <summary>Mean squared error and R² of a regression network's predictions.</summary>
    public static (double Mse, double R2) Regression(Network<float> network, Dataset<float> data)
    {
        var prediction = network.Forward(data.X);
        double mean = data.Y.Span.ToArray().Average(v => (double)v);
        double residual = 0, total = 0;
        for (int j = 0; j < data.Count; j++)
        {
            double d = prediction[0, j] - data.Y[0, j];
            residual += d * d;
            double t = data.Y[0, j] - mean;
            total += t * t;
        }
        return (residual / data.Count, total == 0 ? double.NaN : 1 - residual / total);
    }
}
