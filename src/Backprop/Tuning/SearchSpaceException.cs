namespace Backprop.Tuning;

/// <summary>
/// A search space is empty or contradictory, or its JSON is malformed. <see cref="ArgumentException.ParamName"/>
/// and <see cref="Field"/> name the offending field (for example <c>LearningRate.min</c> or <c>parameters[2].scale</c>).
/// </summary>
public sealed class SearchSpaceException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    /// <param name="field">The field at fault, as a user would find it in code or in the JSON file.</param>
    /// <param name="message">What is wrong and what is allowed.</param>
    public SearchSpaceException(string field, string message) : base($"{field}: {message}", field) => Field = field;

    /// <summary>The field at fault.</summary>
    public string Field { get; }

    /// <summary>The message without the appended parameter name, since the field already leads it.</summary>
    public override string Message => base.Message.Split(" (Parameter '", 2)[0];
}
