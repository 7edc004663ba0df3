namespace Backprop.Serialization;

/// <summary>What a <see cref="TrainingSpec"/> predicts; it chooses the output activation and the loss.</summary>
public enum ModelTask
{
    /// <summary>Two classes: one sigmoid unit with binary cross-entropy (<c>binary</c>).</summary>
    Binary,

    /// <summary>Several classes: softmax with categorical cross-entropy (<c>multiclass</c>).</summary>
    Multiclass,

    /// <summary>Real-valued targets: linear units with mean squared error (<c>regression</c>).</summary>
    Regression,
}

/// <summary>An activation a spec can name.</summary>
public enum ActivationKind
{
    /// <summary><c>relu</c>.</summary>
    Relu,

    /// <summary><c>leaky_relu</c>, with the slope given by <c>leaky_slope</c>.</summary>
    LeakyRelu,

    /// <summary><c>tanh</c>.</summary>
    Tanh,

    /// <summary><c>sigmoid</c>.</summary>
    Sigmoid,

    /// <summary><c>linear</c> (the identity).</summary>
    Linear,

    /// <summary><c>softmax</c>; output layer only.</summary>
    Softmax,
}

/// <summary>A weight initializer a spec can name.</summary>
public enum InitializerKind
{
    /// <summary><c>he</c>: randn·√(2/n_in).</summary>
    He,

    /// <summary><c>xavier</c>: randn/√n_in.</summary>
    Xavier,

    /// <summary><c>glorot</c>: randn·√(2/(n_in + n_out)).</summary>
    Glorot,

    /// <summary><c>random</c>: randn·<c>init_scale</c>.</summary>
    Random,

    /// <summary><c>zeros</c>: does not break symmetry.</summary>
    Zeros,
}

/// <summary>A loss a spec can name.</summary>
public enum LossKind
{
    /// <summary><c>binary_cross_entropy</c> (sigmoid output).</summary>
    BinaryCrossEntropy,

    /// <summary><c>categorical_cross_entropy</c> (softmax output).</summary>
    CategoricalCrossEntropy,

    /// <summary><c>mean_squared_error</c>.</summary>
    MeanSquaredError,
}

/// <summary>A weight penalty a spec can name.</summary>
public enum RegularizationKind
{
    /// <summary><c>l2</c>: λ/(2m)·Σ‖W‖².</summary>
    L2,

    /// <summary><c>l1</c>: λ/(2m)·Σ‖W‖₁.</summary>
    L1,
}

/// <summary>An update rule a spec can name.</summary>
public enum OptimizerKind
{
    /// <summary><c>gd</c>: plain (mini-batch) gradient descent.</summary>
    GradientDescent,

    /// <summary><c>momentum</c>.</summary>
    Momentum,

    /// <summary><c>nesterov</c>.</summary>
    Nesterov,

    /// <summary><c>rmsprop</c>.</summary>
    RmsProp,

    /// <summary><c>adam</c>.</summary>
    Adam,

    /// <summary><c>adamw</c>: Adam with decoupled weight decay.</summary>
    AdamW,
}

/// <summary>A learning-rate decay a spec can name.</summary>
public enum ScheduleKind
{
    /// <summary><c>inverse_time</c>: α₀/(1 + decay_rate·epoch).</summary>
    InverseTime,

    /// <summary><c>exponential</c>: α₀·k^epoch.</summary>
    Exponential,

    /// <summary><c>inverse_sqrt</c>: α₀·k/√(epoch + 1).</summary>
    InverseSqrt,

    /// <summary><c>staircase</c>: α₀·factor^⌊epoch/step_epochs⌋.</summary>
    Staircase,

    /// <summary><c>fixed_interval</c>: α₀/(1 + decay_rate·⌊epoch/time_interval⌋).</summary>
    FixedInterval,

    /// <summary><c>reduce_on_plateau</c>: multiply by factor when the training cost stops improving.</summary>
    ReduceOnPlateau,
}

/// <summary>A gradient-clipping rule a spec can name.</summary>
public enum ClippingKind
{
    /// <summary><c>norm</c>: rescale the whole gradient to a global norm of at most the threshold.</summary>
    Norm,

    /// <summary><c>value</c>: clip each element to [−threshold, threshold].</summary>
    Value,
}
