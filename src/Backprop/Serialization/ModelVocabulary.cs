using Backprop.Activations;
using Backprop.Losses;
using Backprop.Regularization;

namespace Backprop.Serialization;

/// <summary>
/// The closed set of names a model file may use for activations, losses and regularizers, mapped
/// explicitly in both directions: loading looks names up here and never resolves types from the file.
/// </summary>
internal static class ModelVocabulary
{
    public const string LeakyReLU = "leaky_relu";

    /// <summary>The file name of an activation and, for leaky ReLU, its slope.</summary>
    /// <exception cref="NotSupportedException">The activation is not one the format knows.</exception>
    public static (string Name, double? Slope) Describe(Activation activation) => activation switch
    {
        SigmoidActivation => ("sigmoid", null),
        TanhActivation => ("tanh", null),
        ReluActivation => ("relu", null),
        LinearActivation => ("linear", null),
        SoftmaxActivation => ("softmax", null),
        LeakyReluActivation leaky => (LeakyReLU, leaky.Slope),
        _ => throw new NotSupportedException($"The activation {activation.Name} cannot be saved in a model file."),
    };

    /// <summary>The activation for a file name, or null when the name is unknown.</summary>
    public static Activation? Activation(string name, double slope) => name switch
    {
        "sigmoid" => Activations.Activation.Sigmoid,
        "tanh" => Activations.Activation.Tanh,
        "relu" => Activations.Activation.ReLU,
        "linear" => Activations.Activation.Linear,
        "softmax" => Activations.Activation.Softmax,
        LeakyReLU => Activations.Activation.LeakyReLU(slope),
        _ => null,
    };

    /// <exception cref="NotSupportedException">The loss is not one the format knows.</exception>
    public static string Describe(Loss loss) => loss switch
    {
        BinaryCrossEntropyLoss => "binary_cross_entropy",
        CategoricalCrossEntropyLoss => "categorical_cross_entropy",
        MeanSquaredErrorLoss => "mean_squared_error",
        MultiTaskBinaryCrossEntropyLoss => "multi_task_binary_cross_entropy",
        _ => throw new NotSupportedException($"The loss {loss.Name} cannot be saved in a model file."),
    };

    public static Loss? Loss(string name) => name switch
    {
        "binary_cross_entropy" => Losses.Loss.BinaryCrossEntropy,
        "categorical_cross_entropy" => Losses.Loss.CategoricalCrossEntropy,
        "mean_squared_error" => Losses.Loss.MeanSquaredError,
        "multi_task_binary_cross_entropy" => Losses.Loss.MultiTaskBinaryCrossEntropy,
        _ => null,
    };

    /// <exception cref="NotSupportedException">The regularizer is not one the format knows.</exception>
    public static string Describe(Regularizer regularizer) => regularizer switch
    {
        L2Regularizer => "l2",
        L1Regularizer => "l1",
        _ => throw new NotSupportedException($"The regularizer {regularizer.Name} cannot be saved in a model file."),
    };

    public static Regularizer? Regularizer(string kind, double lambda) => kind switch
    {
        "l2" => Regularization.Regularizer.L2(lambda),
        "l1" => Regularization.Regularizer.L1(lambda),
        _ => null,
    };

    /// <summary>The file's name for an element type.</summary>
    public static string DType(Type type) => type == typeof(float) ? "float32" : type == typeof(double) ? "float64"
        : throw new NotSupportedException($"Model files store float or double tensors, not {type.Name}.");

    /// <summary>Bytes per element of a file dtype, or 0 when the name is unknown.</summary>
    public static int DTypeSize(string dtype) => dtype switch { "float32" => 4, "float64" => 8, _ => 0 };
}
