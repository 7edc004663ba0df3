using System.Globalization;
using Backprop.Randomness;

namespace Backprop.Data.Augmentation;

/// <summary>
/// A random zoom: crops a window whose sides are a random fraction of the image's and resizes it back to
/// the full size with bilinear interpolation.
/// </summary>
/// <remarks>
/// <para>Each example draws three uniforms u₁, u₂, u₃ ∈ [0, 1): the scale s = s_min + (s_max − s_min)·u₁,
/// the window's top t = (H − s·H)·u₂ and left l = (W − s·W)·u₃ (in pixels; the window is s·H × s·W and
/// keeps the aspect ratio). Output pixel (r, c) then samples the image at y = t + (r + ½)·s − ½,
/// x = l + (c + ½)·s − ½, which maps the output's pixel edges onto the window's. Taps beyond the image
/// read the nearest edge pixel.</para>
/// <para>The zoom factor is 1/s; s = 1 is the identity, reproduced bit for bit.</para>
/// </remarks>
public sealed class RandomCrop : IAugmentation
{
    /// <summary>Creates the step.</summary>
    /// <param name="minScale">s_min, the smallest window side as a fraction of the image side; 0 &lt; s_min ≤ s_max.</param>
    /// <param name="maxScale">s_max, the largest window side as a fraction of the image side; s_min ≤ s_max ≤ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The scales are not 0 &lt; s_min ≤ s_max ≤ 1.</exception>
    public RandomCrop(double minScale = 0.8, double maxScale = 1.0)
    {
        if (!(minScale > 0 && minScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(minScale), minScale, "RandomCrop: the minimum scale must be in (0, 1].");
        if (!(maxScale >= minScale && maxScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(maxScale), maxScale, $"RandomCrop: the maximum scale must be in [minScale = {minScale.ToString(CultureInfo.InvariantCulture)}, 1].");
        MinScale = minScale;
        MaxScale = maxScale;
    }

    /// <summary>s_min, the smallest window side as a fraction of the image side.</summary>
    public double MinScale { get; }

    /// <summary>s_max, the largest window side as a fraction of the image side.</summary>
    public double MaxScale { get; }

    /// <inheritdoc/>
    public bool RequiresImage => true;

    /// <inheritdoc/>
    /// <remarks>Draws exactly three uniforms per example: scale, top, left.</remarks>
    public void Apply(Span<double> example, ImageShape? shape, Span<double> scratch, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ImageShape image = ImageShape.Require(shape, example.Length, nameof(RandomCrop));
        double s = MinScale + (MaxScale - MinScale) * random.NextDouble();
        double top = (image.Height - s * image.Height) * random.NextDouble();
        double left = (image.Width - s * image.Width) * random.NextDouble();

        Span<double> output = scratch[..example.Length];
        int channels = image.Channels;
        for (int r = 0; r < image.Height; r++)
        {
            double y = top + (r + 0.5) * s - 0.5;
            for (int c = 0; c < image.Width; c++)
            {
                double x = left + (c + 0.5) * s - 0.5;
                Bilinear.Sample(example, image, y, x, BorderFill.Edge, output.Slice((r * image.Width + c) * channels, channels));
            }
        }
        output.CopyTo(example);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"RandomCrop(scale {MinScale}–{MaxScale})");
}
