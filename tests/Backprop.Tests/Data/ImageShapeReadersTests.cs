using Backprop.Data.Augmentation;
using Backprop.Data.Formats;
using PureHDF;

namespace Backprop.Tests.Data;

/// <summary>The image-only reads and image shapes of the IDX and HDF5 readers.</summary>
public class ImageShapeReadersTests
{
    private static readonly byte[] Pixels = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]; // two 2 × 3 images

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_header_gives_the_image_shape_and_images_read_without_labels(bool gzip)
    {
        using var temp = new TempFolder();
        byte[] file = IdxBytes.UInt8([2, 2, 3], Pixels);
        string path = temp.WriteBytes("images-idx3-ubyte", gzip ? IdxBytes.Gzip(file) : file);

        Assert.Equal(new ImageShape(2, 3, 1), IdxDataset.ImageShapeOf(path));
        var (type, dimensions) = IdxFile.ReadHeader(path);
        Assert.Equal(IdxElementType.UInt8, type);
        Assert.Equal([2, 2, 3], dimensions);
        var x = IdxDataset.ReadImages<double>(path);
        Assert.Equal("[6, 2]", x.ShapeText);
        Assert.Equal(255 / 255.0, x[5, 1]);
        Assert.Equal(1 / 255.0, x[1, 0]);
    }

    [Fact]
    public void Idx_labels_are_not_images()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("labels", IdxBytes.UInt8([2], 0, 1));
        var ex = Assert.Throws<InvalidDataException>(() => IdxDataset.ImageShapeOf(path));
        Assert.Contains("must hold a 3-D uint8 array (m, rows, columns); found uint8 (2)", ex.Message);
        Assert.Throws<InvalidDataException>(() => IdxDataset.ReadImages<float>(path));
    }

    [Fact]
    public void Hdf5_shape_keys_and_images_without_labels()
    {
        using var temp = new TempFolder();
        string path = temp.PathOf("set.h5");
        new H5File
        {
            ["rgb"] = new H5Dataset(new byte[2 * 1 * 2 * 3], fileDims: [2, 1, 2, 3]),
            ["grey"] = new H5Dataset(Pixels, fileDims: [2, 2, 3]),
        }.Write(path);

        Assert.Equal(new ImageShape(1, 2, 3), Hdf5ImageSet.ImageShapeOf(path, "rgb"));
        Assert.Equal(new ImageShape(2, 3, 1), Hdf5ImageSet.ImageShapeOf(path, "grey"));
        Assert.True(Hdf5ImageSet.HasKey(path, "grey"));
        Assert.False(Hdf5ImageSet.HasKey(path, "list_classes"));
        var x = Hdf5ImageSet.ReadImages<float>(path, "grey");
        Assert.Equal("[6, 2]", x.ShapeText);
        Assert.Equal(250 / 255f, x[0, 1]);
        Assert.Throws<KeyNotFoundException>(() => Hdf5ImageSet.ReadImages<float>(path, "nope"));
    }
}
