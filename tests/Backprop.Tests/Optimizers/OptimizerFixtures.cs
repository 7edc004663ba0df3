using System.Numerics;
using Backprop.Layers;
using Backprop.Optimizers;

namespace Backprop.Tests.Optimizers;

/// <summary>Every optimizer by name, and small parameter sets with chosen values and gradients.</summary>
internal static class OptimizerFixtures
{
    /// <summary>The names <see cref="Create"/> knows: every optimizer in the library.</summary>
    public static readonly string[] Names = ["GradientDescent", "Momentum", "Nesterov", "RmsProp", "Adam", "AdamW"];

    public static TheoryData<string> All => new(Names);

    /// <summary>
    /// An optimizer at library defaults except the learning rate: <paramref name="sgdRate"/> for the
    /// gradient-scaled rules, <paramref name="adaptiveRate"/> for those that normalize the step (RMSprop, Adam).
    /// </summary>
    public static Optimizer Create(string name, double sgdRate = 0.1, double adaptiveRate = 0.01) => name switch
    {
        "GradientDescent" => new GradientDescent(sgdRate),
        "Momentum" => new Momentum(sgdRate),
        "Nesterov" => new Nesterov(sgdRate),
        "RmsProp" => new RmsProp(adaptiveRate),
        "Adam" => new Adam(adaptiveRate),
        "AdamW" => new AdamW(adaptiveRate),
        _ => throw new ArgumentException($"Unknown optimizer {name}.", nameof(name)),
    };

    /// <summary>A [rows, columns] parameter holding <paramref name="values"/> row-major.</summary>
    public static Parameter<T> MakeParameter<T>(string name, int rows, int columns, double[] values, bool regularized = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = new Parameter<T>(name, rows, columns, regularized);
        Set(p.Value.Span, values);
        return p;
    }

    public static void Set<T>(Span<T> destination, ReadOnlySpan<double> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(destination.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
            destination[i] = T.CreateTruncating(values[i]);
    }

    public static double[] ToDoubles<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = double.CreateTruncating(values[i]);
        return result;
    }
}
