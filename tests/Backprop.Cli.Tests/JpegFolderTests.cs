using Backprop.Data.Augmentation;
using Backprop.Data.Formats;
using SkiaSharp;

namespace Backprop.Cli.Tests;

/// <summary>
/// JPEG files in an image folder. The library's tests make PNGs by hand; a JPEG encoder is too large for a
/// test, so SkiaSharp (which this project has through the charts) writes them here.
/// </summary>
public sealed class JpegFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-jpeg").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void WriteJpeg(string relative, byte grey, int side)
    {
        string path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(side, side, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(new SKColor(grey, grey, grey));
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void Flat_jpegs_decode_to_their_grey_level_and_are_averaged_down()
    {
        WriteJpeg("dark/a.jpg", 40, 16);
        WriteJpeg("light/b.JPEG", 200, 16);

        var set = ImageFolder.Read<double>(_folder, new ImageShape(4, 4, 3));

        Assert.Equal(["dark", "light"], set.ClassNames);
        Assert.Equal("[48, 2]", set.X.ShapeText);
        // A flat 8 × 8 block has only a DC coefficient, which quality 100 keeps to within one level.
        Assert.All(Enumerable.Range(0, 48), i => Assert.Equal(40 / 255.0, set.X[i, 0], 1.01 / 255));
        Assert.All(Enumerable.Range(0, 48), i => Assert.Equal(200 / 255.0, set.X[i, 1], 1.01 / 255));
    }

    [Fact]
    public void A_truncated_jpeg_is_named()
    {
        WriteJpeg("c/broken.jpg", 90, 16);
        string path = Path.Combine(_folder, "c", "broken.jpg");
        File.WriteAllBytes(path, File.ReadAllBytes(path).AsSpan(0, 40).ToArray());

        var ex = Assert.Throws<InvalidDataException>(() => ImageFolder.Read<float>(_folder, new ImageShape(4, 4, 1)));
        Assert.Contains("broken.jpg' could not be decoded as JPEG", ex.Message);
    }
}
