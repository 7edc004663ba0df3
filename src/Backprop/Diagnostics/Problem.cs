namespace Backprop.Diagnostics;

/// <summary>The problems a <see cref="BiasVarianceDiagnosis"/> can name, each a gap between two rungs of the error ladder.</summary>
public enum Problem
{
    /// <summary>No gap is positive: training is at or below human level and every later set does at least as well.</summary>
    None,

    /// <summary>Avoidable bias: training error well above human-level error.</summary>
    AvoidableBias,

    /// <summary>Variance: the network does worse on unseen examples of the training distribution than on the training set.</summary>
    Variance,

    /// <summary>Data mismatch: the network does worse on the dev distribution than on unseen training-distribution examples.</summary>
    DataMismatch,

    /// <summary>Overfitting to the dev set: test error above dev error, after choosing many things on dev.</summary>
    DevOverfitting,
}
