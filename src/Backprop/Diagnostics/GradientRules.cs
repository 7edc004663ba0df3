using System.Globalization;

namespace Backprop.Diagnostics;

/// <summary>The rules of <see cref="GradientMonitor{T}"/>, applied to one recorded snapshot.</summary>
internal static class GradientRules
{
    private const string VanishingAdvice = "Gradients are vanishing: use He/Xavier initialization, ReLU hidden layers or batch normalization.";
    private const string ExplodingAdvice = "Gradients are exploding: use He/Xavier initialization, a lower learning rate or gradient clipping.";

    public static void Check(int epoch, IReadOnlyList<LayerSnapshot> current, IReadOnlyList<LayerSnapshot>? previous,
        double minimumRelativeGradient, double maximumLayerRatio, double maximumEpochGrowth, List<GradientWarning> warnings)
    {
        int before = warnings.Count;
        CheckFinite(epoch, current, warnings);
        // Ratios of NaN or ∞ say nothing more than the non-finite warning already did.
        if (warnings.Count > before)
            return;
        CheckRelative(epoch, current, minimumRelativeGradient, warnings);
        CheckAcrossLayers(epoch, current, maximumLayerRatio, warnings);
        if (previous is not null)
            CheckBetweenEpochs(epoch, current, previous, maximumEpochGrowth, warnings);
    }

    private static void CheckFinite(int epoch, IReadOnlyList<LayerSnapshot> layers, List<GradientWarning> warnings)
    {
        foreach (var layer in layers)
        {
            var (what, value) = FirstNonFinite(layer);
            if (what is null)
                continue;
            warnings.Add(new GradientWarning(epoch, GradientWarningKind.ExplodingNonFinite, layer.Index, null, value, double.NaN,
                Text($"Layer {layer.Index} {layer.Description}: {what} is {value}. {ExplodingAdvice}")));
        }
    }

    private static (string? What, double Value) FirstNonFinite(LayerSnapshot layer)
    {
        foreach (var p in layer.Parameters)
        {
            if (!double.IsFinite(p.Norm))
                return ($"‖{p.Name}‖", p.Norm);
            if (!double.IsFinite(p.GradientNorm))
                return ($"the gradient norm of {p.Name}", p.GradientNorm);
        }
        if (layer.PreActivationGradientRms is { } rms && !double.IsFinite(rms))
            return ("the rms of dZ", rms);
        if (layer.Activations is { } a && !double.IsFinite(a.Mean + a.StandardDeviation))
            return ("the activations' mean or standard deviation", double.IsFinite(a.Mean) ? a.StandardDeviation : a.Mean);
        return (null, 0);
    }

    private static void CheckRelative(int epoch, IReadOnlyList<LayerSnapshot> layers, double minimum, List<GradientWarning> warnings)
    {
        foreach (var layer in layers)
        {
            foreach (var p in layer.Parameters)
            {
                if (!p.IsWeight || !(p.Ratio < minimum))
                    continue;
                warnings.Add(new GradientWarning(epoch, GradientWarningKind.VanishingRelativeToWeights, layer.Index, p.Name, p.Ratio, minimum,
                    Text($"Layer {layer.Index} {layer.Description}: ‖dW‖/‖W‖ of {p.Name} is {p.Ratio:G3}, below {minimum:G3}; this layer barely learns. {VanishingAdvice}")));
            }
        }
    }

    /// <summary>
    /// Compares the error signal dZ of the first dense layer with the output layer's. dZ rather than dW:
    /// ‖dW^[l]‖ = ‖dZ^[l]·A^[l−1]ᵀ‖/m also carries the forward activations' scale, which grows (or shrinks)
    /// with depth exactly as dZ shrinks (or grows) in a linear-like network, hiding the effect.
    /// </summary>
    private static void CheckAcrossLayers(int epoch, IReadOnlyList<LayerSnapshot> layers, double maximumRatio, List<GradientWarning> warnings)
    {
        var signals = layers.Where(l => l.PreActivationGradientRms is not null).ToList();
        if (signals.Count < 2)
            return;
        LayerSnapshot first = signals[0], last = signals[^1];
        double top = last.PreActivationGradientRms!.Value;
        // An output layer with dZ = 0 fits its batch exactly: there is no signal to compare with.
        if (top == 0)
            return;
        double ratio = first.PreActivationGradientRms!.Value / top;
        string span = Text($"dZ rms goes from {top:G3} at layer {last.Index} to {first.PreActivationGradientRms:G3} at layer {first.Index}");
        if (ratio < 1 / maximumRatio)
        {
            warnings.Add(new GradientWarning(epoch, GradientWarningKind.VanishingAcrossLayers, first.Index, null, ratio, 1 / maximumRatio,
                Text($"{span}, {1 / ratio:G3}× smaller (more than {maximumRatio:G3}×). {VanishingAdvice}")));
        }
        else if (ratio > maximumRatio)
        {
            warnings.Add(new GradientWarning(epoch, GradientWarningKind.ExplodingAcrossLayers, first.Index, null, ratio, maximumRatio,
                Text($"{span}, {ratio:G3}× larger (more than {maximumRatio:G3}×). {ExplodingAdvice}")));
        }
    }

    private static void CheckBetweenEpochs(int epoch, IReadOnlyList<LayerSnapshot> current, IReadOnlyList<LayerSnapshot> previous,
        double maximumGrowth, List<GradientWarning> warnings)
    {
        var earlier = previous.SelectMany(l => l.Parameters).Where(p => p.IsWeight).ToDictionary(p => p.Name, p => p.GradientNorm);
        foreach (var layer in current)
        {
            foreach (var p in layer.Parameters)
            {
                // Growth from exactly 0 is not explosion: a zero-initialized layer's first gradient starts there.
                if (!p.IsWeight || !earlier.TryGetValue(p.Name, out double before) || !(before > 0))
                    continue;
                double growth = p.GradientNorm / before;
                if (growth > maximumGrowth)
                {
                    warnings.Add(new GradientWarning(epoch, GradientWarningKind.ExplodingBetweenEpochs, layer.Index, p.Name, growth, maximumGrowth,
                        Text($"Layer {layer.Index} {layer.Description}: ‖dW‖ of {p.Name} grew {growth:G3}× since the previous record ({before:G3} → {p.GradientNorm:G3}; more than {maximumGrowth:G3}×). {ExplodingAdvice}")));
                }
            }
        }
    }

    private static string Text(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
