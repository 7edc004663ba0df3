using System.Globalization;
using Backprop.Activations;
using Backprop.Initializers;
using Backprop.Optimizers;

namespace Backprop.Cli;

/// <summary>
/// Parsing of option values shared by the commands (and by <c>tune</c>'s search-space parameters, which take
/// the same text). Each throws an <see cref="ArgumentException"/> naming the option, which
/// <see cref="CommandLine"/> reports in one line with exit code 2.
/// </summary>
internal static class Options
{
    /// <summary>The activation of hidden layers unless --activation (or tune's <c>activation</c>) names another.</summary>
    public const string DefaultActivation = "relu";

    /// <summary>The optimizer unless --optimizer (or tune's <c>optimizer</c>) names another.</summary>
    public const string DefaultOptimizer = "adam";

    /// <summary>The course's β for momentum and β₁ for Adam (the exponentially weighted average over about 10 steps).</summary>
    private const double CourseBeta = 0.9;

    /// <summary>Parses "64,32" into layer sizes (each ≥ 1).</summary>
    /// <exception cref="ArgumentException">A part is not a positive integer.</exception>
    public static int[] ParseSizes(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
                throw new ArgumentException($"{option} expects positive integers separated by commas; '{parts[i]}' is not one.");
        return sizes;
    }

    /// <summary>
    /// Parses relu, tanh, sigmoid, leaky-relu or linear; leaky_relu, the spelling of spec and model files, is
    /// accepted too, so a name copied from either works.
    /// </summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static Activation ParseActivation(string text, string option = "--activation") => text.ToLowerInvariant() switch
    {
        "relu" => Activation.ReLU,
        "tanh" => Activation.Tanh,
        "sigmoid" => Activation.Sigmoid,
        "leaky-relu" or "leaky_relu" => Activation.LeakyReLU(),
        "linear" => Activation.Linear,
        _ => throw new ArgumentException($"{option} must be relu, tanh, sigmoid, leaky-relu or linear; got '{text}'."),
    };

    /// <summary>Parses he, xavier, glorot, random or zeros.</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static Initializer ParseInitializer(string text) => text.ToLowerInvariant() switch
    {
        "he" => Initializer.He,
        "xavier" => Initializer.Xavier,
        "glorot" => Initializer.Glorot,
        "random" => Initializer.RandomNormal(),
        "zeros" => Initializer.Zeros,
        _ => throw new ArgumentException($"--init must be he, xavier, glorot, random or zeros; got '{text}'."),
    };

    /// <summary>
    /// The optimizer named gd, momentum, rmsprop, adam or adamw, for <c>train --optimizer</c> and <c>tune</c>'s
    /// <c>optimizer</c> parameter alike. The learning rate α defaults to 0.001 for Adam, AdamW and RMSprop and
    /// to 0.01 for gradient descent and momentum; β (momentum) and β₁ (Adam, AdamW) default to 0.9.
    /// </summary>
    /// <param name="text">The optimizer's name (any case).</param>
    /// <param name="learningRate">α, or null for the optimizer's default.</param>
    /// <param name="beta">Momentum's β, or null for 0.9; the other optimizers ignore it.</param>
    /// <param name="beta1">Adam's and AdamW's β₁, or null for 0.9; the other optimizers ignore it.</param>
    /// <param name="option">The flag or parameter the name came from, for the error message.</param>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static Optimizer ParseOptimizer(string text, double? learningRate, double? beta = null, double? beta1 = null, string option = "--optimizer")
        => text.ToLowerInvariant() switch
        {
            "gd" => new GradientDescent(learningRate ?? 0.01),
            "momentum" => new Momentum(learningRate ?? 0.01, beta ?? CourseBeta),
            "rmsprop" => new RmsProp(learningRate ?? 0.001),
            "adam" => new Adam(learningRate ?? 0.001, beta1 ?? CourseBeta),
            "adamw" => new AdamW(learningRate ?? 0.001, beta1 ?? CourseBeta),
            _ => throw new ArgumentException($"{option} must be gd, momentum, rmsprop, adam or adamw; got '{text}'."),
        };
}
