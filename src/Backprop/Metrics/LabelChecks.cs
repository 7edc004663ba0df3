namespace Backprop.Metrics;

/// <summary>The argument checks shared by the classification metrics, so every metric words them alike.</summary>
internal static class LabelChecks
{
    /// <summary>Throws unless both spans are non-empty, equally long, and every label is in [0, <paramref name="classes"/>).</summary>
    public static void Require(ReadOnlySpan<int> predicted, ReadOnlySpan<int> actual, int classes)
    {
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "A classification metric needs at least 2 classes.");
        if (actual.Length == 0)
            throw new ArgumentException("The metric of an empty set is undefined: no labels were given.", nameof(actual));
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"There are {predicted.Length} predicted labels but {actual.Length} true labels; they must pair up.", nameof(predicted));
        Range(predicted, classes, nameof(predicted));
        Range(actual, classes, nameof(actual));
    }

    private static void Range(ReadOnlySpan<int> labels, int classes, string name)
    {
        for (int j = 0; j < labels.Length; j++)
        {
            if ((uint)labels[j] >= (uint)classes)
                throw new ArgumentOutOfRangeException(name, labels[j], $"Label {j} of '{name}' is {labels[j]}; labels must be in [0, {classes}).");
        }
    }
}
