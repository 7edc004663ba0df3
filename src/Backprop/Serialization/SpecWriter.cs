using System.Text;
using System.Text.Json;

namespace Backprop.Serialization;

/// <summary>
/// Writes a <see cref="TrainingSpec"/> as indented JSON in a fixed field order with "\n" line ends, so the
/// same spec always gives the same bytes. Fields that do not apply (a kind's foreign hyperparameters, an
/// absent optional section) are left out; everything else is written with its value, defaults included.
/// </summary>
internal static class SpecWriter
{
    public static string Write(TrainingSpec spec)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            if (spec.Task is { } task)
                json.WriteString("task", SpecNames.Tasks.NameOf(task));
            if (spec.Output is { } output)
                Output(json, output);
            json.WriteStartArray("layers");
            foreach (var layer in spec.Layers)
                Layer(json, layer);
            json.WriteEndArray();
            if (spec.Regularization is { } regularization)
            {
                json.WriteStartObject("regularization");
                json.WriteString("kind", SpecNames.Regularizations.NameOf(regularization.Kind));
                json.WriteNumber("lambda", regularization.Lambda);
                json.WriteEndObject();
            }
            json.WriteBoolean("normalize_inputs", spec.NormalizeInputs);
            Optimizer(json, spec.Optimizer);
            if (spec.Schedule is { } schedule)
                Schedule(json, schedule);
            if (spec.GradientClipping is { } clipping)
            {
                json.WriteStartObject("gradient_clipping");
                json.WriteString("kind", SpecNames.Clippings.NameOf(clipping.Kind));
                json.WriteNumber("threshold", clipping.Threshold);
                json.WriteEndObject();
            }
            if (spec.BatchSize is int batchSize)
                json.WriteNumber("batch_size", batchSize);
            else
                json.WriteNull("batch_size");
            json.WriteNumber("epochs", spec.Epochs);
            json.WriteNumber("seed", spec.Seed);
            if (spec.EarlyStopping is { } stopping)
                EarlyStopping(json, stopping);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Output(Utf8JsonWriter json, OutputSpec output)
    {
        json.WriteStartObject("output");
        if (output.Activation is { } activation)
        {
            json.WriteString("activation", SpecNames.Activations.NameOf(activation));
            if (activation == ActivationKind.LeakyRelu)
                json.WriteNumber("leaky_slope", output.LeakySlope);
        }
        if (output.Loss is { } loss)
            json.WriteString("loss", SpecNames.Losses.NameOf(loss));
        Initializer(json, output.Initializer, output.InitScale);
        json.WriteEndObject();
    }

    private static void Layer(Utf8JsonWriter json, LayerSpec layer)
    {
        json.WriteStartObject();
        json.WriteNumber("units", layer.Units);
        json.WriteString("activation", SpecNames.Activations.NameOf(layer.Activation));
        if (layer.Activation == ActivationKind.LeakyRelu)
            json.WriteNumber("leaky_slope", layer.LeakySlope);
        Initializer(json, layer.Initializer, layer.InitScale);
        if (layer.BatchNorm is { } batchNorm)
        {
            json.WriteStartObject("batch_norm");
            json.WriteNumber("momentum", batchNorm.Momentum);
            json.WriteNumber("epsilon", batchNorm.Epsilon);
            json.WriteBoolean("unbiased_running_variance", batchNorm.UnbiasedRunningVariance);
            json.WriteEndObject();
        }
        json.WriteNumber("keep_prob", layer.KeepProb);
        json.WriteEndObject();
    }

    private static void Initializer(Utf8JsonWriter json, InitializerKind initializer, double scale)
    {
        json.WriteString("initializer", SpecNames.Initializers.NameOf(initializer));
        if (initializer == InitializerKind.Random)
            json.WriteNumber("init_scale", scale);
    }

    private static void Optimizer(Utf8JsonWriter json, OptimizerSpec optimizer)
    {
        json.WriteStartObject("optimizer");
        json.WriteString("kind", SpecNames.Optimizers.NameOf(optimizer.Kind));
        if (optimizer.LearningRate is double rate)
            json.WriteNumber("learning_rate", rate);
        if (optimizer.Applies("beta")) json.WriteNumber("beta", optimizer.Beta);
        if (optimizer.Applies("beta1")) json.WriteNumber("beta1", optimizer.Beta1);
        if (optimizer.Applies("beta2")) json.WriteNumber("beta2", optimizer.Beta2);
        if (optimizer.Applies("epsilon")) json.WriteNumber("epsilon", optimizer.Epsilon);
        if (optimizer.Applies("weight_decay")) json.WriteNumber("weight_decay", optimizer.WeightDecay);
        json.WriteEndObject();
    }

    private static void Schedule(Utf8JsonWriter json, ScheduleSpec schedule)
    {
        json.WriteStartObject("schedule");
        json.WriteString("kind", SpecNames.Schedules.NameOf(schedule.Kind));
        if (schedule.Applies("decay_rate")) json.WriteNumber("decay_rate", schedule.DecayRate);
        if (schedule.Applies("k") && schedule.K is double k) json.WriteNumber("k", k);
        if (schedule.Applies("factor") && schedule.Factor is double factor) json.WriteNumber("factor", factor);
        if (schedule.Applies("step_epochs")) json.WriteNumber("step_epochs", schedule.StepEpochs);
        if (schedule.Applies("time_interval")) json.WriteNumber("time_interval", schedule.TimeInterval);
        if (schedule.Applies("patience")) json.WriteNumber("patience", schedule.Patience);
        if (schedule.Applies("min_delta")) json.WriteNumber("min_delta", schedule.MinDelta);
        if (schedule.Applies("min_rate")) json.WriteNumber("min_rate", schedule.MinRate);
        if (schedule.Applies("cooldown")) json.WriteNumber("cooldown", schedule.Cooldown);
        json.WriteBoolean("after_epoch_update", schedule.AfterEpochUpdate);
        json.WriteEndObject();
    }

    private static void EarlyStopping(Utf8JsonWriter json, EarlyStoppingSpec stopping)
    {
        json.WriteStartObject("early_stopping");
        json.WriteString("metric", SpecNames.Metrics.NameOf(stopping.Metric));
        json.WriteNumber("patience", stopping.Patience);
        json.WriteNumber("min_delta", stopping.MinDelta);
        if (stopping.Baseline is double baseline)
            json.WriteNumber("baseline", baseline);
        json.WriteBoolean("restore_best_weights", stopping.RestoreBestWeights);
        json.WriteNumber("start_from_epoch", stopping.StartFromEpoch);
        json.WriteEndObject();
    }
}
