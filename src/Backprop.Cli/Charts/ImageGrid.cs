using Backprop.Data.Augmentation;
using Backprop.Serialization;
using Backprop.Tensors;
using SkiaSharp;

namespace Backprop.Cli.Charts;

/// <summary>One image to draw: the column of X it is in, and its caption lines.</summary>
internal sealed record ImageTile(int Column, string[] Caption);

/// <summary>
/// Draws images stored as columns of X (see <see cref="ImageShape"/>) with SkiaSharp: one image alone as a PNG,
/// or a grid of captioned tiles (the misclassified-images figure). Images are scaled up by whole factors with
/// nearest-neighbour sampling, so pixels stay sharp, and written atomically.
/// </summary>
internal static class ImageGrid
{
    /// <summary>The most tiles in one grid; a larger set shows its first ones.</summary>
    public const int MaxTiles = 64;

    private const int Columns = 8, TargetSide = 112, Gap = 10, CaptionLine = 15, TitleHeight = 36;

    /// <summary>Writes each listed column of <paramref name="x"/> as a PNG at its own size.</summary>
    public static void SaveImages(Matrix<float> x, ImageShape shape, IEnumerable<(int Column, string Path)> images)
    {
        float range = Range(x);
        foreach (var (column, path) in images)
        {
            using var bitmap = ToBitmap(x, column, shape, range);
            Save(bitmap, path);
        }
    }

    /// <summary>Writes a grid of captioned tiles under a title; at most <see cref="MaxTiles"/> tiles are drawn.</summary>
    public static void SaveGrid(Matrix<float> x, ImageShape shape, IReadOnlyList<ImageTile> tiles, string title, string path)
    {
        int count = Math.Min(tiles.Count, MaxTiles);
        int scale = Math.Max(1, (int)Math.Round(TargetSide / (double)Math.Max(shape.Height, shape.Width)));
        int captionLines = count == 0 ? 0 : tiles.Take(count).Max(t => t.Caption.Length);
        int tileWidth = Math.Max(shape.Width * scale, 136), tileHeight = shape.Height * scale + captionLines * CaptionLine + 4;
        int columns = Math.Clamp(count, 1, Columns), rows = Math.Max(1, (count + Columns - 1) / Columns);
        int width = Math.Max(columns * (tileWidth + Gap) + Gap, 360), height = TitleHeight + rows * (tileHeight + Gap) + Gap;

        using var surface = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(surface);
        canvas.Clear(SKColors.White);
        using var typeface = ScottPlot.Fonts.GetTypeface(ScottPlot.Fonts.Default, bold: false, italic: false);
        using var titleFont = new SKFont(typeface, 16);
        using var captionFont = new SKFont(typeface, 12);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var wrong = new SKPaint { Color = new SKColor(0xC6, 0x28, 0x28), IsAntialias = true };
        canvas.DrawText(title, Gap, 24, SKTextAlign.Left, titleFont, ink);

        var range = Range(x);
        for (int i = 0; i < count; i++)
        {
            int left = Gap + i % Columns * (tileWidth + Gap), top = TitleHeight + i / Columns * (tileHeight + Gap);
            using var image = ToBitmap(x, tiles[i].Column, shape, range);
            var target = SKRect.Create(left, top, shape.Width * scale, shape.Height * scale);
            using var picture = SKImage.FromBitmap(image);
            canvas.DrawImage(picture, target, new SKSamplingOptions(SKFilterMode.Nearest));
            for (int line = 0; line < tiles[i].Caption.Length; line++)
                canvas.DrawText(Fit(tiles[i].Caption[line], captionFont, tileWidth), left, top + shape.Height * scale + CaptionLine * (line + 1), SKTextAlign.Left, captionFont, line == 1 ? wrong : ink);
        }
        Save(surface, path);
    }

    /// <summary>Shortens a caption with an ellipsis until it fits the tile.</summary>
    private static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width)
            return text;
        while (text.Length > 1 && font.MeasureText(text + "…") > width)
            text = text[..^1];
        return text + "…";
    }

    /// <summary>
    /// How values map to 0–255: the readers scale pixels to [0, 1]; data with values above 1 (a CSV of raw
    /// 0–255 pixels) are divided by 255. Values outside the range are clamped.
    /// </summary>
    private static float Range(Matrix<float> x)
    {
        foreach (float v in x.Span)
            if (v > 1.5f)
                return 255;
        return 1;
    }

    private static SKBitmap ToBitmap(Matrix<float> x, int column, ImageShape shape, float range)
    {
        if (x.Rows != shape.Length)
            throw new ArgumentException($"Images of {shape} hold {shape.Length} values, but the data have {x.Rows} features.");
        var bitmap = new SKBitmap(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[shape.Width * shape.Height * 4];
        for (int r = 0; r < shape.Height; r++)
            for (int c = 0; c < shape.Width; c++)
            {
                int p = (r * shape.Width + c) * 4;
                for (int k = 0; k < 3; k++)
                {
                    // Grey images repeat their one channel; images with other channel counts show their first three (or the first, repeated).
                    int channel = shape.Channels >= 3 ? k : 0;
                    float v = x[shape.Index(r, c, channel), column] / range;
                    pixels[p + k] = (byte)Math.Round(255 * Math.Clamp(float.IsNaN(v) ? 0 : v, 0, 1));
                }
                pixels[p + 3] = 255;
            }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    private static void Save(SKBitmap bitmap, string path)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(path, data.ToArray());
    }
}
