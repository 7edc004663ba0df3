using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Losses;
using Backprop.Regularization;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// The JSON names of every enumerated spec value, in both directions, so the reader, the writer and the
/// documentation share one table and a name can never be resolved to anything outside it.
/// </summary>
internal static class SpecNames
{
    public static readonly NameTable<ModelTask> Tasks = new([
        ("binary", ModelTask.Binary), ("multiclass", ModelTask.Multiclass), ("regression", ModelTask.Regression)]);

    public static readonly NameTable<ActivationKind> Activations = new([
        ("relu", ActivationKind.Relu), ("leaky_relu", ActivationKind.LeakyRelu), ("tanh", ActivationKind.Tanh),
        ("sigmoid", ActivationKind.Sigmoid), ("linear", ActivationKind.Linear), ("softmax", ActivationKind.Softmax)]);

    public static readonly NameTable<InitializerKind> Initializers = new([
        ("he", InitializerKind.He), ("xavier", InitializerKind.Xavier), ("glorot", InitializerKind.Glorot),
        ("random", InitializerKind.Random), ("zeros", InitializerKind.Zeros)]);

    public static readonly NameTable<LossKind> Losses = new([
        ("binary_cross_entropy", LossKind.BinaryCrossEntropy), ("categorical_cross_entropy", LossKind.CategoricalCrossEntropy),
        ("mean_squared_error", LossKind.MeanSquaredError)]);

    public static readonly NameTable<RegularizationKind> Regularizations = new([("l2", RegularizationKind.L2), ("l1", RegularizationKind.L1)]);

    public static readonly NameTable<OptimizerKind> Optimizers = new([
        ("gd", OptimizerKind.GradientDescent), ("momentum", OptimizerKind.Momentum), ("nesterov", OptimizerKind.Nesterov),
        ("rmsprop", OptimizerKind.RmsProp), ("adam", OptimizerKind.Adam), ("adamw", OptimizerKind.AdamW)]);

    public static readonly NameTable<ScheduleKind> Schedules = new([
        ("inverse_time", ScheduleKind.InverseTime), ("exponential", ScheduleKind.Exponential), ("inverse_sqrt", ScheduleKind.InverseSqrt),
        ("staircase", ScheduleKind.Staircase), ("fixed_interval", ScheduleKind.FixedInterval), ("reduce_on_plateau", ScheduleKind.ReduceOnPlateau)]);

    public static readonly NameTable<ClippingKind> Clippings = new([("norm", ClippingKind.Norm), ("value", ClippingKind.Value)]);

    public static readonly NameTable<TrainingMetric> Metrics = new([
        ("train_cost", TrainingMetric.TrainCost), ("dev_cost", TrainingMetric.DevCost), ("dev_accuracy", TrainingMetric.DevAccuracy)]);

    /// <summary>The library activation for a kind.</summary>
    public static Activation Activation(ActivationKind kind, double leakySlope) => kind switch
    {
        ActivationKind.Relu => Backprop.Activations.Activation.ReLU,
        ActivationKind.LeakyRelu => Backprop.Activations.Activation.LeakyReLU(leakySlope),
        ActivationKind.Tanh => Backprop.Activations.Activation.Tanh,
        ActivationKind.Sigmoid => Backprop.Activations.Activation.Sigmoid,
        ActivationKind.Linear => Backprop.Activations.Activation.Linear,
        ActivationKind.Softmax => Backprop.Activations.Activation.Softmax,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };

    /// <summary>The library initializer for a kind.</summary>
    public static Initializer Initializer(InitializerKind kind, double scale) => kind switch
    {
        InitializerKind.He => Backprop.Initializers.Initializer.He,
        InitializerKind.Xavier => Backprop.Initializers.Initializer.Xavier,
        InitializerKind.Glorot => Backprop.Initializers.Initializer.Glorot,
        InitializerKind.Random => Backprop.Initializers.Initializer.RandomNormal(scale),
        InitializerKind.Zeros => Backprop.Initializers.Initializer.Zeros,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown initializer."),
    };

    /// <summary>The library loss for a kind.</summary>
    public static Loss Loss(LossKind kind) => kind switch
    {
        LossKind.BinaryCrossEntropy => Backprop.Losses.Loss.BinaryCrossEntropy,
        LossKind.CategoricalCrossEntropy => Backprop.Losses.Loss.CategoricalCrossEntropy,
        LossKind.MeanSquaredError => Backprop.Losses.Loss.MeanSquaredError,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss."),
    };

    /// <summary>The library regularizer for a kind, with strength λ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ is negative or not finite.</exception>
    public static Regularizer Regularizer(RegularizationKind kind, double lambda) => kind switch
    {
        RegularizationKind.L2 => Backprop.Regularization.Regularizer.L2(lambda),
        RegularizationKind.L1 => Backprop.Regularization.Regularizer.L1(lambda),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown regularization."),
    };
}

/// <summary>A closed two-way map between JSON names and the values of one enum.</summary>
internal sealed class NameTable<TEnum>(IReadOnlyList<(string Name, TEnum Value)> entries) where TEnum : struct, Enum
{
    /// <summary>Every name, comma-separated, for error messages.</summary>
    public string Choices { get; } = string.Join(", ", entries.Select(e => e.Name));

    /// <summary>The value named <paramref name="name"/> (case-sensitive, as JSON is), or null.</summary>
    public TEnum? Find(string name)
    {
        foreach (var (n, value) in entries)
            if (n == name)
                return value;
        return null;
    }

    /// <summary>The JSON name of <paramref name="value"/>.</summary>
    public string NameOf(TEnum value)
    {
        foreach (var (n, v) in entries)
            if (EqualityComparer<TEnum>.Default.Equals(v, value))
                return n;
        throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no spec name for this value.");
    }
}
