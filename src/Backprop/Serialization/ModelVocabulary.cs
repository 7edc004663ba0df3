using Backprop.Activations;
using Backprop.Losses;
using Backprop.Regularization;

namespace Backprop.Serialization;

/// <summary>
/// The closed set of names a model file may use for activations, losses and regularizers, mapped
/// explicitly in both directions: loading looks names up here and never resolves types from the file.
/// The names are the training spec's (<see cref="SpecNames"/>), so a spec and a model file spell them
/// alike; only the multi-task loss, which a spec cannot choose, is the model file's own.
/// </summary>
internal static class ModelVocabulary
{
    private const string MultiTaskBinaryCrossEntropy = "multi_task_binary_cross_entropy";
    private const string Float32 = "float32";
    private const string Float64 = "float64";

    /// <summary>The file name of an activation and, for leaky ReLU, its slope.</summary>
    /// <exception cref="NotSupportedException">The activation is not one the format knows.</exception>
    public static (string Name, double? Slope) Describe(Activation activation)
    {
        var kind = activation switch
        {
            SigmoidActivation => ActivationKind.Sigmoid,
            TanhActivation => ActivationKind.Tanh,
            ReluActivation => ActivationKind.Relu,
            LinearActivation => ActivationKind.Linear,
            SoftmaxActivation => ActivationKind.Softmax,
            LeakyReluActivation => ActivationKind.LeakyRelu,
            _ => throw new NotSupportedException($"The activation {activation.Name} cannot be saved in a model file."),
        };
        return (SpecNames.Activations.NameOf(kind), (activation as LeakyReluActivation)?.Slope);
    }

    /// <summary>The activation for a file name, or null when the name is unknown.</summary>
    public static Activation? Activation(string name, double slope)
        => SpecNames.Activations.Find(name) is { } kind ? SpecNames.Activation(kind, slope) : null;

    /// <summary>Whether <paramref name="name"/> is leaky ReLU, the one activation that carries a slope.</summary>
    public static bool HasSlope(string name) => SpecNames.Activations.Find(name) == ActivationKind.LeakyRelu;

    /// <exception cref="NotSupportedException">The loss is not one the format knows.</exception>
    public static string Describe(Loss loss) => loss switch
    {
        BinaryCrossEntropyLoss => SpecNames.Losses.NameOf(LossKind.BinaryCrossEntropy),
        CategoricalCrossEntropyLoss => SpecNames.Losses.NameOf(LossKind.CategoricalCrossEntropy),
        MeanSquaredErrorLoss => SpecNames.Losses.NameOf(LossKind.MeanSquaredError),
        MultiTaskBinaryCrossEntropyLoss => MultiTaskBinaryCrossEntropy,
        _ => throw new NotSupportedException($"The loss {loss.Name} cannot be saved in a model file."),
    };

    /// <summary>The loss for a file name, or null when the name is unknown.</summary>
    public static Loss? Loss(string name)
        => SpecNames.Losses.Find(name) is { } kind ? SpecNames.Loss(kind)
        : name == MultiTaskBinaryCrossEntropy ? Losses.Loss.MultiTaskBinaryCrossEntropy
        : null;

    /// <exception cref="NotSupportedException">The regularizer is not one the format knows.</exception>
    public static string Describe(Regularizer regularizer) => SpecNames.Regularizations.NameOf(regularizer switch
    {
        L2Regularizer => RegularizationKind.L2,
        L1Regularizer => RegularizationKind.L1,
        _ => throw new NotSupportedException($"The regularizer {regularizer.Name} cannot be saved in a model file."),
    });

    /// <summary>The regularizer for a file name, or null when the name is unknown.</summary>
    public static Regularizer? Regularizer(string kind, double lambda)
        => SpecNames.Regularizations.Find(kind) is { } value ? SpecNames.Regularizer(value, lambda) : null;

    /// <summary>The file's name for an element type.</summary>
    public static string DType(Type type) => type == typeof(float) ? Float32 : type == typeof(double) ? Float64
        : throw new NotSupportedException($"Model files store float or double tensors, not {type.Name}.");

    /// <summary>Bytes per element of a file dtype, or 0 when the name is unknown.</summary>
    public static int DTypeSize(string dtype) => dtype switch { Float32 => 4, Float64 => 8, _ => 0 };

    /// <summary>The element type of a known file dtype: float for float32, double for float64.</summary>
    public static Type ElementType(string dtype) => dtype == Float32 ? typeof(float) : typeof(double);
}
