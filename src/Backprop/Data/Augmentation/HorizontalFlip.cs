using System.Globalization;
using Backprop.Randomness;

namespace Backprop.Data.Augmentation;

/// <summary>Mirrors an image left to right with a given probability.</summary>
/// <remarks>
/// Each example draws one uniform u ∈ [0, 1) and is flipped when u &lt; p, which effectively computes
/// out[r, c, k] = in[r, W−1−c, k] for every row r, column c and channel k. So p = 0 never flips and
/// p = 1 always does. Only left–right flips are offered: most photographs are not plausible upside down.
/// </remarks>
public sealed class HorizontalFlip : IAugmentation
{
    /// <summary>Creates the step.</summary>
    /// <param name="probability">p, the chance each example is flipped; in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1].</exception>
    public HorizontalFlip(double probability = 0.5)
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "HorizontalFlip: the probability must be in [0, 1].");
        Probability = probability;
    }

    /// <summary>p, the chance each example is flipped.</summary>
    public double Probability { get; }

    /// <inheritdoc/>
    public bool RequiresImage => true;

    /// <inheritdoc/>
    /// <remarks>Draws exactly one uniform per example, flipped or not.</remarks>
    public void Apply(Span<double> example, ImageShape? shape, Span<double> scratch, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ImageShape image = ImageShape.Require(shape, example.Length, nameof(HorizontalFlip));
        if (!(random.NextDouble() < Probability))
            return;
        int channels = image.Channels, rowLength = image.Width * channels;
        for (int r = 0; r < image.Height; r++)
        {
            Span<double> row = example.Slice(r * rowLength, rowLength);
            for (int left = 0, right = image.Width - 1; left < right; left++, right--)
                for (int k = 0; k < channels; k++)
                    (row[left * channels + k], row[right * channels + k]) = (row[right * channels + k], row[left * channels + k]);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"HorizontalFlip(p = {Probability})");
}
