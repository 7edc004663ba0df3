using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// A complete training run declared as data: the network (hidden layers, output, loss, regularization),
/// input normalization, the optimizer and its decay, clipping, mini-batch size, epochs, seed and early
/// stopping. Read from and written to the JSON format documented in <c>docs/spec.md</c>.
/// </summary>
/// <remarks>
/// Every property's default is the value an absent JSON field takes. <see cref="Parse"/> and
/// <see cref="Load"/> are strict: an unknown field, a value of the wrong type or out of range is an
/// <see cref="InvalidDataException"/> whose message names the source and the field's JSON path (for example
/// <c>spec.json: layers[1].keep_prob: must be in (0, 1]; got 1.5.</c>).
/// </remarks>
public sealed record TrainingSpec
{
    /// <summary><c>task</c>: chooses the output activation and loss; null means binary unless <see cref="Output"/> gives both.</summary>
    public ModelTask? Task { get; init; }

    /// <summary><c>output</c>: the output layer's initializer, and optionally an explicit activation and loss; null for the defaults.</summary>
    public OutputSpec? Output { get; init; }

    /// <summary><c>layers</c>: the hidden layers in order; empty (the default) is logistic or softmax regression.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [];

    /// <summary><c>regularization</c>: the weight penalty, or null (the default) for none.</summary>
    public RegularizationSpec? Regularization { get; init; }

    /// <summary>
    /// <c>normalize_inputs</c>: standardize the features with the training set's mean and variance (see
    /// <see cref="CreateNormalizer{T}"/>); false by default.
    /// </summary>
    public bool NormalizeInputs { get; init; }

    /// <summary><c>optimizer</c>: the update rule; Adam with its defaults when absent.</summary>
    public OptimizerSpec Optimizer { get; init; } = new();

    /// <summary><c>schedule</c>: the learning-rate decay, or null (the default) for a constant rate.</summary>
    public ScheduleSpec? Schedule { get; init; }

    /// <summary><c>gradient_clipping</c>: the clipping rule, or null (the default) for none.</summary>
    public ClippingSpec? GradientClipping { get; init; }

    /// <summary><c>batch_size</c>: examples per mini-batch, at least 1; null (the default) trains on the whole set at once.</summary>
    public int? BatchSize { get; init; }

    /// <summary><c>epochs</c>: passes over the training set, at least 1; 100 by default.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary><c>seed</c>: seeds the initial weights, dropout masks and shuffling; 1 by default.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary><c>early_stopping</c>: the early-stopping rule, or null (the default) to train every epoch.</summary>
    public EarlyStoppingSpec? EarlyStopping { get; init; }

    /// <summary>Reads and validates the spec in the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or breaks the schema; the message names the file and the field.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TrainingSpec Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates a spec.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">What to call the text in error messages, typically its file name.</param>
    /// <exception cref="InvalidDataException">The text is not valid JSON or breaks the schema; the message names <paramref name="source"/> and the field.</exception>
    public static TrainingSpec Parse(string json, string source = "spec")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        return new SpecReader(source).Read(json);
    }

    /// <summary>Checks every value against the schema's ranges (as <see cref="Parse"/> does).</summary>
    /// <param name="source">What to call the spec in error messages.</param>
    /// <exception cref="InvalidDataException">A value is out of range; the message names its JSON path.</exception>
    public void Validate(string source = "spec") => new SpecValidator(source).Validate(this);

    /// <summary>The spec as JSON: fixed field order, two-space indentation, "\n" line ends, so equal specs give identical text.</summary>
    /// <exception cref="InvalidDataException">The spec is invalid.</exception>
    public string ToJson()
    {
        Validate();
        return SpecWriter.Write(this);
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> (UTF-8 without BOM), through a temporary file so a failed write leaves no partial spec.</summary>
    /// <exception cref="InvalidDataException">The spec is invalid.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        new SpecValidator(path).Validate(this);
        AtomicFile.WriteAllText(path, SpecWriter.Write(this));
    }

    /// <summary>The task the output follows: <see cref="Task"/>, else binary; null when <see cref="Output"/> gives an explicit activation and loss.</summary>
    public ModelTask? EffectiveTask => Output is { Activation: not null, Loss: not null } ? null : Task ?? ModelTask.Binary;

    /// <summary>Describes the network: hidden layers, output layer, loss and regularization.</summary>
    /// <param name="inputSize">Features per example, n_x.</param>
    /// <param name="outputs">Output units: 1 for binary, the number of classes (≥ 2) for multiclass, the number of targets for regression or an explicit output.</param>
    /// <exception cref="InvalidDataException">The spec is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> or <paramref name="outputs"/> does not fit the spec.</exception>
    public NetworkBuilder CreateBuilder(int inputSize, int outputs)
    {
        Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        if (EffectiveTask == ModelTask.Binary && outputs != 1)
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "A binary task has exactly one output unit.");
        if (EffectiveTask == ModelTask.Multiclass && outputs < 2)
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "A multiclass task needs at least two classes.");

        var builder = new NetworkBuilder(inputSize);
        foreach (var layer in Layers)
        {
            builder.Dense(layer.Units, SpecNames.Activation(layer.Activation, layer.LeakySlope),
                SpecNames.Initializer(layer.Initializer, layer.InitScale), layer.BatchNorm);
            // keep_prob 1 adds no layer, so a spec without dropout builds exactly the plain network.
            if (layer.KeepProb < 1)
                builder.Dropout(layer.KeepProb);
        }
        var output = Output ?? new OutputSpec();
        var (activation, loss) = EffectiveTask switch
        {
            ModelTask.Binary => (ActivationKind.Sigmoid, LossKind.BinaryCrossEntropy),
            ModelTask.Multiclass => (ActivationKind.Softmax, LossKind.CategoricalCrossEntropy),
            ModelTask.Regression => (ActivationKind.Linear, LossKind.MeanSquaredError),
            _ => (output.Activation!.Value, output.Loss!.Value),
        };
        builder.Dense(outputs, SpecNames.Activation(activation, output.LeakySlope), SpecNames.Initializer(output.Initializer, output.InitScale))
            .WithLoss(SpecNames.Loss(loss));
        if (Regularization is { } regularization)
            builder.WithRegularization(regularization.Create());
        return builder;
    }

    /// <summary>Builds the network with weights drawn from <paramref name="random"/>.</summary>
    /// <param name="inputSize">Features per example, n_x.</param>
    /// <param name="outputs">Output units (see <see cref="CreateBuilder"/>): the number of classes for multiclass, 1 for binary.</param>
    /// <param name="random">Source of the initial weights and, unless <paramref name="dropoutRandom"/> is given, of the dropout masks; typically seeded with <see cref="Seed"/>.</param>
    /// <param name="dropoutRandom">Optional separate source of the dropout masks.</param>
    /// <exception cref="InvalidDataException">The spec is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputSize"/> or <paramref name="outputs"/> does not fit the spec.</exception>
    public Network<T> BuildNetwork<T>(int inputSize, int outputs, IRandomSource random, IRandomSource? dropoutRandom = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => CreateBuilder(inputSize, outputs).Build<T>(random, dropoutRandom);

    /// <summary>
    /// The trainer's options: optimizer, epochs, batch size, seed, a fresh schedule and clipping, and the
    /// callbacks — <paramref name="callbacks"/> first, then a fresh early-stopping callback when the spec has one
    /// (last, so the others see the epoch on which it stops).
    /// </summary>
    /// <param name="callbacks">Further callbacks (progress, recorders), notified in order.</param>
    /// <exception cref="InvalidDataException">The spec is invalid.</exception>
    public TrainingOptions CreateOptions(IEnumerable<TrainingCallback>? callbacks = null)
    {
        Validate();
        List<TrainingCallback> all = [.. callbacks ?? []];
        if (EarlyStopping is { } stopping)
            all.Add(stopping.Create());
        return new TrainingOptions
        {
            Optimizer = Optimizer.Create(),
            Epochs = Epochs,
            BatchSize = BatchSize,
            Seed = Seed,
            Schedule = Schedule?.Create(),
            Clipping = GradientClipping?.Create(),
            Callbacks = all,
        };
    }

    /// <summary>A normalizer fitted to <paramref name="training"/> when <see cref="NormalizeInputs"/> is set, else null.</summary>
    /// <param name="training">The training set (never the dev or test set, whose statistics must not leak into training).</param>
    public Normalizer? CreateNormalizer<T>(Dataset<T> training) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        return NormalizeInputs ? Normalizer.Fit(training) : null;
    }

    /// <summary>Value equality, comparing <see cref="Layers"/> element by element.</summary>
    /// <param name="other">The spec to compare with.</param>
    public bool Equals(TrainingSpec? other)
        => other is not null && Task == other.Task && Equals(Output, other.Output) && Layers.SequenceEqual(other.Layers)
            && Equals(Regularization, other.Regularization) && NormalizeInputs == other.NormalizeInputs && Equals(Optimizer, other.Optimizer)
            && Equals(Schedule, other.Schedule) && Equals(GradientClipping, other.GradientClipping) && BatchSize == other.BatchSize
            && Epochs == other.Epochs && Seed == other.Seed && Equals(EarlyStopping, other.EarlyStopping);

    /// <summary>A hash consistent with <see cref="Equals(TrainingSpec?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Task);
        hash.Add(Output);
        foreach (var layer in Layers)
            hash.Add(layer);
        hash.Add(Regularization);
        hash.Add(NormalizeInputs);
        hash.Add(Optimizer);
        hash.Add(Schedule);
        hash.Add(GradientClipping);
        hash.Add(BatchSize);
        hash.Add(Epochs);
        hash.Add(Seed);
        hash.Add(EarlyStopping);
        return hash.ToHashCode();
    }
}
