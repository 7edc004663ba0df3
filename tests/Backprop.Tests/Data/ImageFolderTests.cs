using Backprop.Data.Augmentation;
using Backprop.Data.Formats;

namespace Backprop.Tests.Data;

public class ImageFolderTests
{
    private static void WritePng(TempFolder temp, string relative, int width, int height, int channels, params byte[] pixels)
    {
        string path = temp.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, PngWriter.Encode(width, height, channels, pixels));
    }

    [Fact]
    public void Classes_come_from_sorted_folder_names_and_files_in_ordinal_order()
    {
        using var temp = new TempFolder();
        WritePng(temp, "b_dog/x.png", 2, 2, 1, 1, 2, 3, 4);
        WritePng(temp, "a_cat/2.png", 2, 2, 1, 0, 51, 102, 255);
        WritePng(temp, "a_cat/10.png", 2, 2, 1, 9, 9, 9, 9);
        File.WriteAllText(temp.PathOf("README.txt"), "files in the root are ignored");
        File.WriteAllText(temp.PathOf("a_cat/.hidden"), "hidden files are skipped");

        var set = ImageFolder.Read<float>(temp.FullName, new ImageShape(2, 2, 1));

        Assert.Equal(["a_cat", "b_dog"], set.ClassNames);
        Assert.Equal("[4, 3]", set.X.ShapeText);
        Assert.Equal(new float[] { 0, 0, 1 }, set.Y.Span.ToArray());
        // "10.png" sorts before "2.png" ordinally; an unresized pixel b is exactly b / 255 in float.
        Assert.Equal(9 / 255f, set.X[0, 0]);
        Assert.Equal([0f, 51 / 255f, 102 / 255f, 1f], Enumerable.Range(0, 4).Select(i => set.X[i, 1]));
        Assert.Equal([1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f], Enumerable.Range(0, 4).Select(i => set.X[i, 2]));
    }

    [Fact]
    public void A_folder_without_class_folders_reads_its_own_images_unlabelled_and_names_them()
    {
        using var temp = new TempFolder();
        WritePng(temp, "b.png", 1, 1, 1, 200);
        WritePng(temp, "a.png", 1, 1, 1, 51);
        File.WriteAllText(temp.PathOf(".DS_Store"), "hidden files are skipped");

        var x = ImageFolder.ReadImages<float>(temp.FullName, new ImageShape(1, 1, 1));

        Assert.Equal("[1, 2]", x.ShapeText);
        Assert.Equal([51 / 255f, 200 / 255f], x.Span.ToArray());
        Assert.Equal(["a.png", "b.png"], ImageFolder.Files(temp.FullName));
        // Read needs classes: the same folder is an error there.
        Assert.Contains("no class sub-folders", Assert.Throws<InvalidDataException>(() => ImageFolder.Read<float>(temp.FullName, new ImageShape(1, 1, 1))).Message);

        // With class folders, the files are named relative to the root with '/' and in Read's order.
        WritePng(temp, "dog/1.png", 1, 1, 1, 9);
        WritePng(temp, "cat/2.png", 1, 1, 1, 8);
        Assert.Equal(["cat/2.png", "dog/1.png"], ImageFolder.Files(temp.FullName));
        Assert.Equal([8 / 255f, 9 / 255f], ImageFolder.ReadImages<float>(temp.FullName, new ImageShape(1, 1, 1)).Span.ToArray());
    }

    [Fact]
    public void Shrinking_by_two_averages_each_block()
    {
        using var temp = new TempFolder();
        WritePng(temp, "c/a.png", 4, 4, 1,
            10, 20, 0, 0,
            30, 40, 0, 4,
            255, 255, 1, 2,
            255, 255, 3, 4);

        var set = ImageFolder.Read<double>(temp.FullName, new ImageShape(2, 2, 1));

        // Means 25, 1, 255, 2.5, each divided by 255.
        Assert.Equal([25 / 255.0, 1 / 255.0, 1.0, 2.5 / 255.0], Enumerable.Range(0, 4).Select(i => set.X[i, 0]));
    }

    [Fact]
    public void Non_integer_ratios_weight_each_source_pixel_by_its_overlap()
    {
        using var temp = new TempFolder();
        WritePng(temp, "c/three.png", 3, 1, 1, 30, 60, 90);
        WritePng(temp, "d/two.png", 2, 1, 1, 0, 200);

        var shrunk = ImageFolder.Read<double>(temp.FullName, new ImageShape(1, 2, 1));
        // Width 3 → 2: target 0 covers [0, 1.5) → (30 + 0.5·60) / 1.5 = 40; target 1 covers [1.5, 3) → (0.5·60 + 90) / 1.5 = 80.
        Assert.Equal(40 / 255.0, shrunk.X[0, 0], 15);
        Assert.Equal(80 / 255.0, shrunk.X[1, 0], 15);
        // Width 2 → 2 is an exact copy.
        Assert.Equal([0.0, 200 / 255.0], [shrunk.X[0, 1], shrunk.X[1, 1]]);

        var grown = ImageFolder.Read<double>(temp.FullName, new ImageShape(1, 3, 1));
        // Width 2 → 3: target 1 covers [2/3, 4/3), half of each source pixel → 100.
        Assert.Equal([0.0, 100 / 255.0, 200 / 255.0], Enumerable.Range(0, 3).Select(i => grown.X[i, 1]));
    }

    [Fact]
    public void Rgb_is_flattened_row_column_channel_and_alpha_is_dropped()
    {
        using var temp = new TempFolder();
        WritePng(temp, "c/rgba.png", 2, 1, 4, 10, 20, 30, 7, 40, 50, 60, 255);

        var set = ImageFolder.Read<double>(temp.FullName, new ImageShape(1, 2, 3));

        Assert.Equal(new double[] { 10, 20, 30, 40, 50, 60 }.Select(b => b / 255), Enumerable.Range(0, 6).Select(i => set.X[i, 0]));
    }

    [Fact]
    public void Grayscale_reading_of_rgb_uses_stb_luma()
    {
        using var temp = new TempFolder();
        WritePng(temp, "c/rgb.png", 1, 1, 3, 100, 150, 200);

        var set = ImageFolder.Read<double>(temp.FullName, new ImageShape(1, 1, 1));

        // (77·100 + 150·150 + 29·200) / 256 = 36000 / 256 = 140.6 → 140.
        Assert.Equal(140 / 255.0, set.X[0, 0]);
    }

    [Fact]
    public void Float_and_double_reads_agree_with_the_other_readers_scaling()
    {
        using var temp = new TempFolder();
        byte[] pixels = [.. Enumerable.Range(0, 256).Select(b => (byte)b)];
        WritePng(temp, "c/all.png", 16, 16, 1, pixels);

        var single = ImageFolder.Read<float>(temp.FullName, new ImageShape(16, 16, 1));
        var twice = ImageFolder.Read<float>(temp.FullName, new ImageShape(16, 16, 1));

        for (int b = 0; b < 256; b++)
            Assert.Equal(b / 255f, single.X[b, 0]);
        Assert.Equal(single.X.Span.ToArray(), twice.X.Span.ToArray());
    }

    [Fact]
    public void Bad_folders_and_files_are_named_in_the_error()
    {
        using var temp = new TempFolder();
        Assert.Throws<DirectoryNotFoundException>(() => ImageFolder.Read<float>(temp.PathOf("absent"), new ImageShape(2, 2, 1)));
        var ex = Assert.Throws<InvalidDataException>(() => ImageFolder.Read<float>(temp.FullName, new ImageShape(2, 2, 1)));
        Assert.Contains("no class sub-folders", ex.Message);

        Directory.CreateDirectory(temp.PathOf("empty"));
        ex = Assert.Throws<InvalidDataException>(() => ImageFolder.Read<float>(temp.FullName, new ImageShape(2, 2, 1)));
        Assert.Contains("empty' holds no images", ex.Message);

        WritePng(temp, "empty/ok.png", 1, 1, 1, 5);
        File.WriteAllText(temp.PathOf("empty/notes.txt"), "text");
        ex = Assert.Throws<InvalidDataException>(() => ImageFolder.Read<float>(temp.FullName, new ImageShape(2, 2, 1)));
        Assert.Contains("notes.txt' is not a supported image", ex.Message);

        File.Delete(temp.PathOf("empty/notes.txt"));
        byte[] png = PngWriter.Encode(2, 2, 1, [1, 2, 3, 4]);
        File.WriteAllBytes(temp.PathOf("empty/cut.png"), png.AsSpan(0, 20).ToArray());
        ex = Assert.Throws<InvalidDataException>(() => ImageFolder.Read<float>(temp.FullName, new ImageShape(2, 2, 1)));
        Assert.Contains("cut.png' could not be decoded as PNG", ex.Message);

        File.Delete(temp.PathOf("empty/cut.png"));
        File.WriteAllBytes(temp.PathOf("empty/really.gif.png"), "GIF89a\u0001\u0000\u0001\u0000"u8.ToArray());
        ex = Assert.Throws<InvalidDataException>(() => ImageFolder.Read<float>(temp.FullName, new ImageShape(2, 2, 1)));
        Assert.Contains("really.gif.png' is not a PNG or JPEG image", ex.Message);

        Assert.Throws<ArgumentException>(() => ImageFolder.Read<float>(temp.FullName, new ImageShape(2, 2, 4)));
    }
}
