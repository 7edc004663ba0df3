namespace Backprop.Data.Augmentation;

/// <summary>
/// Bilinear sampling of an image stored in C order, shared by the crop and rotation steps. Coordinates are
/// in pixels with pixel centres at integers: (y, x) = (r, c) is exactly pixel (r, c).
/// </summary>
internal static class Bilinear
{
    /// <summary>
    /// Writes the image's value at (<paramref name="y"/>, <paramref name="x"/>) into <paramref name="pixel"/>,
    /// one value per channel: with y₀ = ⌊y⌋, x₀ = ⌊x⌋, fy = y − y₀, fx = x − x₀ it effectively computes
    /// (1−fy)(1−fx)·I[y₀, x₀] + (1−fy)fx·I[y₀, x₀+1] + fy(1−fx)·I[y₀+1, x₀] + fy·fx·I[y₀+1, x₀+1].
    /// </summary>
    public static void Sample(ReadOnlySpan<double> image, ImageShape shape, double y, double x, BorderFill fill, Span<double> pixel)
    {
        double yFloor = Math.Floor(y), xFloor = Math.Floor(x);
        // Geometric steps keep coordinates within a few image sizes of the image, so the casts cannot overflow.
        int y0 = (int)yFloor, x0 = (int)xFloor;
        double fy = y - yFloor, fx = x - xFloor;
        if (fy == 0 && fx == 0)
        {
            // An exact pixel centre is copied, not blended, so grid-aligned transforms (0°, ±90°, scale 1)
            // reproduce their input bit for bit, −0 and NaN payloads included.
            Copy(image, shape, y0, x0, fill, pixel);
            return;
        }
        pixel.Clear();
        AddTap(image, shape, y0, x0, (1 - fy) * (1 - fx), fill, pixel);
        AddTap(image, shape, y0, x0 + 1, (1 - fy) * fx, fill, pixel);
        AddTap(image, shape, y0 + 1, x0, fy * (1 - fx), fill, pixel);
        AddTap(image, shape, y0 + 1, x0 + 1, fy * fx, fill, pixel);
    }

    private static void Copy(ReadOnlySpan<double> image, ImageShape shape, int row, int column, BorderFill fill, Span<double> pixel)
    {
        if (!Locate(shape, ref row, ref column, fill))
        {
            pixel.Clear();
            return;
        }
        image.Slice((row * shape.Width + column) * shape.Channels, shape.Channels).CopyTo(pixel);
    }

    private static void AddTap(ReadOnlySpan<double> image, ImageShape shape, int row, int column, double weight, BorderFill fill, Span<double> pixel)
    {
        // Skipping zero weights keeps a pixel on the last row or column from reading a neighbour it does not use.
        if (weight == 0 || !Locate(shape, ref row, ref column, fill))
            return;
        ReadOnlySpan<double> source = image.Slice((row * shape.Width + column) * shape.Channels, shape.Channels);
        for (int k = 0; k < pixel.Length; k++)
            pixel[k] += weight * source[k];
    }

    // Moves an outside tap to the nearest edge pixel (Edge) or reports that it reads 0 (Zero).
    private static bool Locate(ImageShape shape, ref int row, ref int column, BorderFill fill)
    {
        if ((uint)row < (uint)shape.Height && (uint)column < (uint)shape.Width)
            return true;
        if (fill == BorderFill.Zero)
            return false;
        row = Math.Clamp(row, 0, shape.Height - 1);
        column = Math.Clamp(column, 0, shape.Width - 1);
        return true;
    }
}
