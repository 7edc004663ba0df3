namespace Backprop.Data.Formats;

/// <summary>
/// Resizes an 8-bit image by area averaging: each target pixel is the mean of the source image over the
/// rectangle the target pixel covers, each source pixel weighted by how much of it lies inside.
/// </summary>
/// <remarks>
/// <para>Area averaging is used rather than bilinear sampling because image folders are usually shrunk
/// (photos to 64 × 64), and a bilinear sampler then skips most source pixels and aliases; area averaging
/// reads every one. Enlarging gives blocks with blended edges; the same size is an exact copy.</para>
/// <para>Along one axis with <c>s</c> source and <c>t</c> target pixels, target pixel o covers
/// [o·s/t, (o+1)·s/t) in source pixels. Multiplying every coordinate by t makes all overlaps integers, so a
/// target pixel's weighted sum is an exact integer and its mean is one division:
/// <c>Σ w_row·w_col·pixel / (s_h·s_w)</c>, with the weights along each axis adding up to that axis's source size.</para>
/// </remarks>
internal static class AreaResampler
{
    /// <summary>
    /// The weighted sums of every target value: <c>sums[(r·targetWidth + c)·channels + k]</c> is
    /// Σ w_row(r, y)·w_col(c, x)·source[(y·sourceWidth + x)·channels + k]; divide by sourceHeight·sourceWidth for the mean.
    /// </summary>
    public static long[] Sums(ReadOnlySpan<byte> source, int sourceHeight, int sourceWidth, int channels, int targetHeight, int targetWidth)
    {
        var columns = Taps(sourceWidth, targetWidth);
        var rows = Taps(sourceHeight, targetHeight);

        // Horizontal pass: every source row resized to the target width.
        int rowLength = targetWidth * channels;
        var horizontal = new long[sourceHeight * rowLength];
        for (int y = 0; y < sourceHeight; y++)
        {
            ReadOnlySpan<byte> sourceRow = source.Slice(y * sourceWidth * channels, sourceWidth * channels);
            Span<long> targetRow = horizontal.AsSpan(y * rowLength, rowLength);
            for (int c = 0; c < targetWidth; c++)
                foreach (var (x, weight) in columns[c])
                    for (int k = 0; k < channels; k++)
                        targetRow[c * channels + k] += weight * sourceRow[x * channels + k];
        }

        // Vertical pass: the resized rows combined into target rows.
        var sums = new long[targetHeight * rowLength];
        for (int r = 0; r < targetHeight; r++)
        {
            Span<long> targetRow = sums.AsSpan(r * rowLength, rowLength);
            foreach (var (y, weight) in rows[r])
            {
                ReadOnlySpan<long> resized = horizontal.AsSpan(y * rowLength, rowLength);
                for (int i = 0; i < rowLength; i++)
                    targetRow[i] += weight * resized[i];
            }
        }
        return sums;
    }

    /// <summary>For each target index, the source indices it overlaps and the overlaps in units of 1/<paramref name="target"/> pixel.</summary>
    internal static (int Source, long Weight)[][] Taps(int source, int target)
    {
        var taps = new (int, long)[target][];
        for (int o = 0; o < target; o++)
        {
            long low = (long)o * source, high = (long)(o + 1) * source;
            int first = (int)(low / target), last = (int)((high - 1) / target);
            var list = new (int, long)[last - first + 1];
            for (int s = first; s <= last; s++)
                list[s - first] = (s, Math.Min(high, (long)(s + 1) * target) - Math.Max(low, (long)s * target));
            taps[o] = list;
        }
        return taps;
    }
}
