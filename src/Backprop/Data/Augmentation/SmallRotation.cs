using System.Globalization;
using Backprop.Randomness;

namespace Backprop.Data.Augmentation;

/// <summary>Rotates an image about its centre by a random angle, with bilinear interpolation.</summary>
/// <remarks>
/// <para>Each example draws one uniform u ∈ [0, 1) and turns by θ = θ_max·(2u − 1) degrees, positive
/// counter-clockwise as the image is displayed (row 0 at the top). With the centre (c_y, c_x) =
/// ((H−1)/2, (W−1)/2), output pixel (r, c) samples the input at the inversely rotated point
/// x = c_x + cos θ·(c − c_x) − sin θ·(r − c_y), y = c_y + sin θ·(c − c_x) + cos θ·(r − c_y).
/// Points that fall outside read <see cref="Fill"/>.</para>
/// <para>sin θ and cos θ come from <see cref="double.SinCosPi(double)"/>, which is exact at multiples of
/// 90°, so 0° is the identity and ±90° of a square image is an exact index permutation.</para>
/// </remarks>
public sealed class SmallRotation : IAugmentation
{
    /// <summary>Creates the step.</summary>
    /// <param name="maxDegrees">θ_max, the largest rotation either way, in degrees; in [0, 180]. A few degrees to 15° is typical.</param>
    /// <param name="fill">What the corners uncovered by the rotation show.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegrees"/> is outside [0, 180], or <paramref name="fill"/> is not a defined value.</exception>
    public SmallRotation(double maxDegrees, BorderFill fill = BorderFill.Zero)
    {
        if (!(maxDegrees >= 0 && maxDegrees <= 180))
            throw new ArgumentOutOfRangeException(nameof(maxDegrees), maxDegrees, "SmallRotation: the maximum angle must be in [0, 180] degrees.");
        if (!Enum.IsDefined(fill))
            throw new ArgumentOutOfRangeException(nameof(fill), fill, "SmallRotation: unknown border fill.");
        MaxDegrees = maxDegrees;
        Fill = fill;
    }

    /// <summary>θ_max, the largest rotation either way, in degrees.</summary>
    public double MaxDegrees { get; }

    /// <summary>What sampling outside the image reads.</summary>
    public BorderFill Fill { get; }

    /// <inheritdoc/>
    public bool RequiresImage => true;

    /// <inheritdoc/>
    /// <remarks>Draws exactly one uniform per example.</remarks>
    public void Apply(Span<double> example, ImageShape? shape, Span<double> scratch, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ImageShape image = ImageShape.Require(shape, example.Length, nameof(SmallRotation));
        double degrees = MaxDegrees * (2 * random.NextDouble() - 1);
        (double sin, double cos) = double.SinCosPi(degrees / 180);
        double cy = (image.Height - 1) / 2.0, cx = (image.Width - 1) / 2.0;

        Span<double> output = scratch[..example.Length];
        int channels = image.Channels;
        for (int r = 0; r < image.Height; r++)
        {
            double dy = r - cy;
            for (int c = 0; c < image.Width; c++)
            {
                double dx = c - cx;
                double x = cx + cos * dx - sin * dy;
                double y = cy + sin * dx + cos * dy;
                Bilinear.Sample(example, image, y, x, Fill, output.Slice((r * image.Width + c) * channels, channels));
            }
        }
        output.CopyTo(example);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SmallRotation(±{MaxDegrees}°, {Fill})");
}
