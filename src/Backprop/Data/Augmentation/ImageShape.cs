namespace Backprop.Data.Augmentation;

/// <summary>
/// The layout of an image flattened into one column of X: <see cref="Height"/> × <see cref="Width"/> ×
/// <see cref="Channels"/> values in C order (row, then column, then channel), the course's layout after
/// <c>reshape(m, -1).T</c>.
/// </summary>
/// <remarks>
/// The value of pixel (r, c) in channel k sits at feature index (r·Width + c)·Channels + k, so an image
/// batch is X of shape [Height·Width·Channels, m].
/// </remarks>
/// <param name="Height">Rows of pixels; at least 1.</param>
/// <param name="Width">Columns of pixels; at least 1.</param>
/// <param name="Channels">Values per pixel (1 for grey, 3 for RGB); at least 1.</param>
/// <exception cref="ArgumentOutOfRangeException">A dimension is below 1, or the image holds more than <see cref="int.MaxValue"/> values.</exception>
public sealed record ImageShape(int Height, int Width, int Channels)
{
    /// <summary>Rows of pixels.</summary>
    public int Height { get; } = AtLeastOne(Height, nameof(Height));

    /// <summary>Columns of pixels.</summary>
    public int Width { get; } = AtLeastOne(Width, nameof(Width));

    /// <summary>Values per pixel.</summary>
    public int Channels { get; } = AtLeastOne(Channels, nameof(Channels));

    /// <summary>Values per image, Height·Width·Channels: the n_x an image batch must have.</summary>
    public int Length { get; } = CheckedLength(Height, Width, Channels);

    /// <summary>The feature index of pixel (<paramref name="row"/>, <paramref name="column"/>) in <paramref name="channel"/>: (row·Width + column)·Channels + channel.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the image.</exception>
    public int Index(int row, int column, int channel)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Height, nameof(row));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)Width, nameof(column));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)channel, (uint)Channels, nameof(channel));
        return (row * Width + column) * Channels + channel;
    }

    /// <summary>
    /// The shape an image step was given, checked against the example it is applied to; steps call this
    /// because they can also be used outside an <see cref="Augmenter"/>.
    /// </summary>
    internal static ImageShape Require(ImageShape? shape, int length, string step)
    {
        if (shape is null)
            throw new ArgumentNullException(nameof(shape), $"{step} transforms images and needs an image shape.");
        if (shape.Length != length)
            throw new Tensors.ShapeMismatchException($"{step}: the image shape {shape} holds {shape.Length} values, but the example has {length}.");
        return shape;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Height}×{Width}×{Channels}";

    private static int AtLeastOne(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"An image dimension must be at least 1; {name} is {value}.");

    private static int CheckedLength(int height, int width, int channels)
    {
        long length = (long)height * width * channels;
        return length <= int.MaxValue
            ? (int)length
            : throw new ArgumentOutOfRangeException(nameof(Height), length, $"A {height}×{width}×{channels} image has {length} values; at most {int.MaxValue} fit in a column.");
    }
}
