using Backprop.Layers;
using Backprop.Tensors;

namespace Backprop.Diagnostics;

/// <summary>
/// Gradient checking, as the course teaches it: compare backward propagation's gradient dθ with the
/// two-sided difference dθ_approx[i] = (J(θ + ε·e_i) − J(θ − ε·e_i)) / 2ε, over all parameters flattened
/// into one vector θ = [W^[1], b^[1], W^[2], …] (each row-major), by the relative difference
/// ‖dθ − dθ_approx‖₂ / (‖dθ‖₂ + ‖dθ_approx‖₂).
/// </summary>
/// <remarks>
/// Runs in double precision only: in float the difference quotient's rounding error (≈ 1e-7/ε) would
/// swamp the signal. <see cref="Run"/> includes the network's regularization penalty in J and checks
/// dropout layers with a fixed mask (the course's alternative to turning dropout off). The check costs two
/// forward passes per parameter: use it on small networks and batches.
/// </remarks>
public static class GradientCheck
{
    /// <summary>Checks <paramref name="network"/>'s backward propagation on the batch (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ShapeMismatchException">X or Y does not fit the network.</exception>
    public static GradientCheckReport Run(Network<double> network, Matrix<double> x, Matrix<double> y, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        // Dropout is checked with a fixed mask: drawn once, then frozen for every cost evaluation.
        var dropout = network.Layers.OfType<DropoutLayer<double>>().ToArray();
        network.Forward(x, training: true);
        foreach (var layer in dropout)
            layer.FreezeMask = true;
        try
        {
            double[] analytic = AnalyticGradient(network, x, y);
            bool reproducible = analytic.AsSpan().SequenceEqual(AnalyticGradient(network, x, y));
            return Compare(network.Parameters, () => { network.Forward(x, training: true); return network.Cost(y); }, analytic, options, reproducible);
        }
        finally
        {
            foreach (var layer in dropout)
                layer.FreezeMask = false;
        }
    }

    /// <summary>
    /// The gradient backward propagation computes for the batch, flattened in θ order
    /// ([W^[1], b^[1], W^[2], …], each row-major). Useful to inspect, or to plant a bug before <see cref="Compare"/>.
    /// </summary>
    public static double[] AnalyticGradient(Network<double> network, Matrix<double> x, Matrix<double> y)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.ComputeGradients(x, y);
        var flat = new double[network.Parameters.Sum(p => p.Count)];
        int offset = 0;
        foreach (var p in network.Parameters)
        {
            p.Gradient.Span.CopyTo(flat.AsSpan(offset));
            offset += p.Count;
        }
        return flat;
    }

    /// <summary>
    /// Compares a supplied gradient with the two-sided difference of <paramref name="cost"/>, perturbing
    /// each entry of <paramref name="parameters"/> in place and restoring it exactly afterwards.
    /// </summary>
    /// <param name="parameters">The parameters θ, in the order <paramref name="analyticGradient"/> is flattened.</param>
    /// <param name="cost">Evaluates J at the parameters' current values.</param>
    /// <param name="analyticGradient">dθ, flattened.</param>
    /// <param name="options">ε and thresholds; the course's defaults when null.</param>
    /// <param name="reproducible">Recorded in the report (whether dθ was bit-identical on a second run).</param>
    /// <exception cref="ArgumentException">The gradient's length differs from the number of parameters.</exception>
    public static GradientCheckReport Compare(IReadOnlyList<Parameter<double>> parameters, Func<double> cost,
        ReadOnlySpan<double> analyticGradient, GradientCheckOptions? options = null, bool reproducible = true)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(cost);
        options ??= new GradientCheckOptions();
        options.Validate();
        int total = parameters.Sum(p => p.Count);
        if (analyticGradient.Length != total)
            throw new ArgumentException($"The gradient has {analyticGradient.Length} entries but the parameters have {total}.", nameof(analyticGradient));

        var numeric = new double[total];
        int index = 0;
        foreach (var p in parameters)
        {
            var values = p.Value.Span;
            for (int i = 0; i < values.Length; i++, index++)
            {
                double original = values[i];
                values[i] = original + options.Epsilon;
                double plus = cost();
                values[i] = original - options.Epsilon;
                double minus = cost();
                values[i] = original;
                numeric[index] = (plus - minus) / (2 * options.Epsilon);
            }
        }

        double relative = RelativeDifference(analyticGradient, numeric);
        // NaN compares false both ways: a non-finite difference must read as wrong, never "inspect".
        var verdict = !double.IsFinite(relative) ? GradientCheckVerdict.Wrong
            : relative < options.CorrectBelow ? GradientCheckVerdict.Correct
            : relative > options.WrongAbove ? GradientCheckVerdict.Wrong
            : GradientCheckVerdict.Inspect;
        return new GradientCheckReport(relative, verdict, WorstEntries(parameters, analyticGradient, numeric, options.WorstCount), total, reproducible);
    }

    /// <summary>‖a − b‖₂ / (‖a‖₂ + ‖b‖₂); zero when both are zero.</summary>
    public static double RelativeDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Lengths differ: {a.Length} and {b.Length}.", nameof(b));
        double diff = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            diff += d * d;
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        double denominator = Math.Sqrt(normA) + Math.Sqrt(normB);
        return denominator == 0 ? 0 : Math.Sqrt(diff) / denominator;
    }

    private static GradientEntry[] WorstEntries(IReadOnlyList<Parameter<double>> parameters, ReadOnlySpan<double> analytic, double[] numeric, int count)
    {
        var entries = new List<GradientEntry>(numeric.Length);
        int index = 0;
        foreach (var p in parameters)
        {
            for (int i = 0; i < p.Count; i++, index++)
                entries.Add(new GradientEntry(p.Name, i / p.Value.Columns, i % p.Value.Columns, analytic[index], numeric[index]));
        }
        return entries.OrderByDescending(e => e.AbsoluteDifference).Take(count).ToArray();
    }
}
