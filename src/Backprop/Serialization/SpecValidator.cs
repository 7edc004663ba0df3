using Backprop.Optimizers;

namespace Backprop.Serialization;

/// <summary>
/// The range checks of a <see cref="TrainingSpec"/>, each failure naming the JSON path of the field, so a
/// spec read from a file and one built in code are held to the same rules.
/// </summary>
internal sealed class SpecValidator(string source)
{
    public void Validate(TrainingSpec spec)
    {
        if (spec.Layers is null)
            throw Error("layers", "must be an array (empty for logistic regression).");
        for (int i = 0; i < spec.Layers.Count; i++)
            Layer(spec.Layers[i] ?? throw Error($"layers[{i}]", "must be an object."), $"layers[{i}]");
        Output(spec);
        if (spec.Regularization is { } regularization)
            NonNegative(regularization.Lambda, "regularization.lambda");
        Optimizer(spec.Optimizer ?? throw Error("optimizer", "must be an object."));
        if (spec.Schedule is { } schedule)
            Schedule(schedule);
        if (spec.GradientClipping is { } clipping)
            Positive(clipping.Threshold, "gradient_clipping.threshold");
        if (spec.BatchSize is < 1)
            throw Error("batch_size", $"must be at least 1, or null for the whole set; got {spec.BatchSize}.");
        if (spec.Epochs < 1)
            throw Error("epochs", $"must be at least 1; got {spec.Epochs}.");
        if (spec.EarlyStopping is { } stopping)
        {
            AtLeast(stopping.Patience, 0, "early_stopping.patience");
            NonNegative(stopping.MinDelta, "early_stopping.min_delta");
            if (stopping.Baseline is double baseline && !double.IsFinite(baseline))
                throw Error("early_stopping.baseline", "must be finite.");
            AtLeast(stopping.StartFromEpoch, 0, "early_stopping.start_from_epoch");
        }
    }

    /// <summary>An error naming the field at <paramref name="path"/> and the source.</summary>
    public InvalidDataException Error(string path, string message) => new($"{source}: {path}: {message}");

    private void Layer(LayerSpec layer, string path)
    {
        AtLeast(layer.Units, 1, path + ".units");
        if (layer.Activation == ActivationKind.Softmax)
            throw Error(path + ".activation", "softmax is for the output layer; hidden layers take relu, leaky_relu, tanh, sigmoid or linear.");
        Slope(layer.LeakySlope, path + ".leaky_slope");
        Positive(layer.InitScale, path + ".init_scale");
        if (layer.BatchNorm is { } batchNorm)
        {
            Beta(batchNorm.Momentum, path + ".batch_norm.momentum");
            Positive(batchNorm.Epsilon, path + ".batch_norm.epsilon");
        }
        if (!(layer.KeepProb > 0 && layer.KeepProb <= 1))
            throw Error(path + ".keep_prob", $"must be in (0, 1]; got {Hyperparameter.Format(layer.KeepProb)}.");
    }

    private void Output(TrainingSpec spec)
    {
        if (spec.Output is not { } output)
            return;
        Slope(output.LeakySlope, "output.leaky_slope");
        Positive(output.InitScale, "output.init_scale");
        if (output.Activation is null && output.Loss is null)
            return;
        if (spec.Task is not null)
            throw Error(output.Activation is null ? "output.loss" : "output.activation", "give either task or an explicit output activation and loss, not both.");
        if (output.Activation is not { } activation)
            throw Error("output.activation", "is required with output.loss.");
        if (output.Loss is not { } loss)
            throw Error("output.loss", "is required with output.activation.");
        try
        {
            SpecNames.Loss(loss).ValidateOutputActivation(SpecNames.Activation(activation, output.LeakySlope));
        }
        catch (ArgumentException ex)
        {
            throw Error("output.loss", $"{SpecNames.Losses.NameOf(loss)} cannot follow a {SpecNames.Activations.NameOf(activation)} output: {ex.Message}");
        }
    }

    private void Optimizer(OptimizerSpec optimizer)
    {
        if (optimizer.LearningRate is double rate)
            Positive(rate, "optimizer.learning_rate");
        if (optimizer.Applies("beta")) Beta(optimizer.Beta, "optimizer.beta");
        if (optimizer.Applies("beta1")) Beta(optimizer.Beta1, "optimizer.beta1");
        if (optimizer.Applies("beta2")) Beta(optimizer.Beta2, "optimizer.beta2");
        if (optimizer.Applies("epsilon")) Positive(optimizer.Epsilon, "optimizer.epsilon");
        if (optimizer.Applies("weight_decay")) NonNegative(optimizer.WeightDecay, "optimizer.weight_decay");
    }

    private void Schedule(ScheduleSpec schedule)
    {
        if (schedule.Applies("decay_rate")) NonNegative(schedule.DecayRate, "schedule.decay_rate");
        if (schedule.Kind == ScheduleKind.Exponential && !(schedule.EffectiveK > 0 && schedule.EffectiveK <= 1))
            throw Error("schedule.k", $"must be in (0, 1]; got {Hyperparameter.Format(schedule.EffectiveK)}.");
        if (schedule.Kind == ScheduleKind.InverseSqrt) Positive(schedule.EffectiveK, "schedule.k");
        if (schedule.Kind == ScheduleKind.Staircase && !(schedule.EffectiveFactor > 0 && schedule.EffectiveFactor <= 1))
            throw Error("schedule.factor", $"must be in (0, 1]; got {Hyperparameter.Format(schedule.EffectiveFactor)}.");
        if (schedule.Kind == ScheduleKind.ReduceOnPlateau && !(schedule.EffectiveFactor > 0 && schedule.EffectiveFactor < 1))
            throw Error("schedule.factor", $"must be in (0, 1); got {Hyperparameter.Format(schedule.EffectiveFactor)}.");
        if (schedule.Applies("step_epochs")) AtLeast(schedule.StepEpochs, 1, "schedule.step_epochs");
        if (schedule.Applies("time_interval")) AtLeast(schedule.TimeInterval, 1, "schedule.time_interval");
        if (schedule.Applies("patience")) AtLeast(schedule.Patience, 1, "schedule.patience");
        if (schedule.Applies("min_delta")) NonNegative(schedule.MinDelta, "schedule.min_delta");
        if (schedule.Applies("min_rate")) NonNegative(schedule.MinRate, "schedule.min_rate");
        if (schedule.Applies("cooldown")) AtLeast(schedule.Cooldown, 0, "schedule.cooldown");
    }

    private void AtLeast(int value, int minimum, string path)
    {
        if (value < minimum)
            throw Error(path, $"must be at least {minimum}; got {value}.");
    }

    private void Positive(double value, string path)
    {
        if (!(double.IsFinite(value) && value > 0))
            throw Error(path, $"must be positive and finite; got {Hyperparameter.Format(value)}.");
    }

    private void NonNegative(double value, string path)
    {
        if (!(double.IsFinite(value) && value >= 0))
            throw Error(path, $"must be finite and ≥ 0; got {Hyperparameter.Format(value)}.");
    }

    private void Beta(double value, string path)
    {
        // β = 1 would freeze the moving average for good; the library rejects it too.
        if (!(value >= 0 && value < 1))
            throw Error(path, $"must be in [0, 1); got {Hyperparameter.Format(value)}.");
    }

    private void Slope(double value, string path)
    {
        if (!(value >= 0 && value < 1))
            throw Error(path, $"must be in [0, 1); got {Hyperparameter.Format(value)}.");
    }
}
