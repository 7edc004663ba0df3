namespace Backprop.Tuning;

/// <summary>How a hyperparameter's values are spread over its range when sampled.</summary>
public enum ParameterScale
{
    /// <summary>A real value uniform in [min, max] (for example keep-prob).</summary>
    Uniform,

    /// <summary>An integer uniform in [min, max], both ends included (for example hidden units or layers).</summary>
    Integer,

    /// <summary>One of a fixed list of names, each equally likely (for example the optimizer).</summary>
    Choice,

    /// <summary>
    /// A positive value whose logarithm is uniform: r uniform in [log₁₀ min, log₁₀ max], value 10^r, so every
    /// decade gets the same share of samples (the course's scale for the learning rate α).
    /// </summary>
    LogUniform,

    /// <summary>
    /// A value β in (0, 1) with log₁₀(1 − β) uniform: r uniform in [log₁₀(1 − max), log₁₀(1 − min)], β = 1 − 10^r,
    /// so [0.9, 0.99] and [0.99, 0.999] get equal shares (the course's scale for momentum and Adam betas).
    /// </summary>
    OneMinusBeta,
}
