using System.Globalization;
using System.Numerics;
using Backprop.Data;
using Backprop.Data.Formats;
using PureHDF;

namespace Backprop.Tests.Data;

public class Hdf5ImageSetTests
{
    private const int CatFeatures = 64 * 64 * 3;

    [Fact]
    public void Cats_train_has_the_course_shapes_labels_and_class_names()
    {
        var train = CourseDatasets.LoadCatsTrain<double>(Folder(CourseDatasets.CatsTrainFile));

        Assert.Equal("[12288, 209]", train.X.ShapeText);
        Assert.Equal("[1, 209]", train.Y.ShapeText);
        Assert.All(train.Y.Span.ToArray(), y => Assert.True(y is 0 or 1));
        Assert.Equal(72, CountOf(train.Y, 1));
        Assert.Equal(["non-cat", "cat"], train.ClassNames);
    }

    [Fact]
    public void Cats_test_has_50_examples_and_33_cats()
    {
        var test = CourseDatasets.LoadCatsTest<float>(Folder(CourseDatasets.CatsTestFile));

        Assert.Equal("[12288, 50]", test.X.ShapeText);
        Assert.Equal("[1, 50]", test.Y.ShapeText);
        Assert.Equal(33, CountOf(test.Y, 1));
        Assert.Equal(["non-cat", "cat"], test.ClassNames);
    }

    [Theory]
    [InlineData("train_catvnoncat.h5", "train_set", 103.0)]
    [InlineData("test_catvnoncat.h5", "test_set", 107.4)]
    public void Pixel_mean_times_255_matches_the_course(string fileName, string prefix, double expected)
    {
        var set = Hdf5ImageSet.Read<double>(CourseData.Require(fileName), prefix + "_x", prefix + "_y");

        double mean = set.X.Span.ToArray().Average();
        Assert.Equal(expected, mean * 255, 0.05);
    }

    [Fact]
    public void Example_pixel_channel_sits_at_row_r_w_plus_c_times_channels_plus_k()
    {
        var train = CourseDatasets.LoadCatsTrain<double>(Folder(CourseDatasets.CatsTrainFile));
        byte[] raw = File.ReadAllBytes(CourseData.Require("raw/train_catvnoncat_x.u8"));

        // example, row, column, channel
        foreach ((int j, int r, int c, int k) in new[] { (5, 10, 20, 2), (0, 0, 0, 0), (208, 63, 63, 2), (100, 31, 7, 1) })
        {
            byte pixel = raw[((j * 64 + r) * 64 + c) * 3 + k];
            Assert.Equal(pixel / 255.0, train.X[(r * 64 + c) * 3 + k, j]);
        }
    }

    [Fact]
    public void Double_images_equal_the_raw_bytes_over_255_bit_for_bit() =>
        AssertEqualsRawBytes<double>(CourseDatasets.CatsTrainFile, "raw/train_catvnoncat_x.u8", "train_set");

    [Fact]
    public void Float_images_equal_the_float_quotient_of_the_raw_bytes() =>
        AssertEqualsRawBytes<float>(CourseDatasets.CatsTestFile, "raw/test_catvnoncat_x.u8", "test_set");

    [Fact]
    public void Labels_equal_the_raw_label_file()
    {
        var train = CourseDatasets.LoadCatsTrain<double>(Folder(CourseDatasets.CatsTrainFile));
        double[] expected = [.. File.ReadLines(CourseData.Require("raw/train_catvnoncat_y.csv")).Skip(1).Select(line => double.Parse(line, CultureInfo.InvariantCulture))];

        Assert.Equal(expected, train.Y.Span.ToArray());
    }

    [Fact]
    public void Signs_test_has_120_images_20_per_class_and_integer_class_names()
    {
        var signs = CourseDatasets.LoadSignsTest<float>(Folder(CourseDatasets.SignsTestFile));

        Assert.Equal("[12288, 120]", signs.X.ShapeText);
        Assert.Equal("[1, 120]", signs.Y.ShapeText);
        Assert.Equal(["0", "1", "2", "3", "4", "5"], signs.ClassNames);
        for (int label = 0; label < 6; label++)
            Assert.Equal(20, CountOf(signs.Y, label));
        byte[] raw = File.ReadAllBytes(CourseData.Require("raw/test_signs_x.u8"));
        Assert.Equal(raw[((119 * 64 + 40) * 64 + 3) * 3 + 1] / 255f, signs.X[(40 * 64 + 3) * 3 + 1, 119]);
    }

    [Fact]
    public void Signs_train_has_1080_images_in_six_classes()
    {
        var signs = CourseDatasets.LoadSignsTrain<float>(Folder(CourseDatasets.SignsTrainFile));

        Assert.Equal("[12288, 1080]", signs.X.ShapeText);
        Assert.Equal(["0", "1", "2", "3", "4", "5"], signs.ClassNames);
    }

    [Fact]
    public void Missing_file_throws_FileNotFoundException_with_the_path()
    {
        using var temp = new TempFolder();
        string path = temp.PathOf("absent.h5");

        var ex = Assert.Throws<FileNotFoundException>(() => Hdf5ImageSet.Read<float>(path, "x", "y"));
        Assert.Equal(path, ex.FileName);
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData("notes.h5", "This is a text file, not HDF5.\n")]
    [InlineData("empty.h5", "")]
    public void Non_hdf5_bytes_are_reported_as_not_a_valid_HDF5_file(string fileName, string content)
    {
        using var temp = new TempFolder();
        string path = temp.WriteText(fileName, content);

        var ex = Assert.Throws<InvalidDataException>(() => Hdf5ImageSet.Read<float>(path, "x", "y"));
        Assert.Contains("not a valid HDF5 file", ex.Message);
        Assert.Contains(fileName, ex.Message);
    }

    [Fact]
    public void A_file_cut_to_half_its_length_is_reported_as_truncated()
    {
        byte[] whole = File.ReadAllBytes(CourseData.Require(CourseDatasets.CatsTrainFile));
        using var temp = new TempFolder();
        string path = temp.WriteBytes("half.h5", whole.AsSpan(0, whole.Length / 2));

        var ex = Assert.Throws<InvalidDataException>(() => Hdf5ImageSet.Read<float>(path, "train_set_x", "train_set_y"));
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("half.h5", ex.Message);
        Assert.Contains(whole.Length.ToString(), ex.Message);
    }

    [Theory]
    [InlineData(0.75)]
    [InlineData(0.01)]
    public void A_file_written_by_PureHDF_and_cut_short_is_reported_as_truncated(double keep)
    {
        using var temp = new TempFolder();
        string whole = Write(temp, new H5File
        {
            ["x"] = new H5Dataset(new byte[40 * 4 * 4], fileDims: [40, 4, 4]),
            ["y"] = new long[40],
        });
        byte[] bytes = File.ReadAllBytes(whole);
        string path = temp.WriteBytes("cut.h5", bytes.AsSpan(0, (int)(bytes.Length * keep)));

        var ex = Assert.Throws<InvalidDataException>(() => Hdf5ImageSet.Read<float>(path, "x", "y", null));
        Assert.Contains("cut.h5' is truncated", ex.Message);
    }

    [Fact]
    public void Missing_key_lists_the_keys_present()
    {
        string path = CourseData.Require(CourseDatasets.CatsTrainFile);

        var ex = Assert.Throws<KeyNotFoundException>(() => Hdf5ImageSet.Read<float>(path, "train_set_x", "labels"));
        Assert.Contains("'labels'", ex.Message);
        Assert.Contains(CourseDatasets.CatsTrainFile, ex.Message);
        foreach (string key in new[] { "'list_classes'", "'train_set_x'", "'train_set_y'" })
            Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void Labels_given_as_images_report_the_key_type_and_shape()
    {
        string path = CourseData.Require(CourseDatasets.CatsTrainFile);

        var ex = Assert.Throws<InvalidDataException>(() => Hdf5ImageSet.Read<float>(path, "train_set_y", "train_set_x"));
        Assert.Contains("'train_set_y'", ex.Message);
        Assert.Contains("int64 (209,)", ex.Message);
    }

    [Fact]
    public void Grayscale_images_with_row_labels_and_string_classes_are_read()
    {
        using var temp = new TempFolder();
        byte[] pixels = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]; // 2 images of 2 × 3
        string path = Write(temp, new H5File
        {
            ["images"] = new H5Dataset(pixels, fileDims: [2, 2, 3]),
            ["labels"] = new H5Dataset(new int[] { 1, 0 }, fileDims: [1, 2]),
            ["names"] = new[] { "dog", "bird" },
        });

        var set = Hdf5ImageSet.Read<double>(path, "images", "labels", "names");

        Assert.Equal("[6, 2]", set.X.ShapeText);
        Assert.Equal(new double[] { 1, 0 }, set.Y.Span.ToArray());
        Assert.Equal(["dog", "bird"], set.ClassNames);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(pixels[i] / 255.0, set.X[i, 0]);
            Assert.Equal(pixels[6 + i] / 255.0, set.X[i, 1]);
        }
    }

    [Fact]
    public void Column_labels_of_any_integer_width_are_read_and_a_null_classes_key_reads_no_names()
    {
        using var temp = new TempFolder();
        string path = Write(temp, new H5File
        {
            ["x"] = new H5Dataset(new byte[3 * 2 * 2 * 1], fileDims: [3, 2, 2, 1]),
            ["y"] = new H5Dataset(new ushort[] { 7, 0, 65535 }, fileDims: [3, 1]),
        });

        var set = Hdf5ImageSet.Read<float>(path, "x", "y", classesKey: null);

        Assert.Equal("[4, 3]", set.X.ShapeText);
        Assert.Equal(new float[] { 7, 0, 65535 }, set.Y.Span.ToArray());
        Assert.Empty(set.ClassNames);
    }

    [Fact]
    public void Label_count_different_from_image_count_is_rejected()
    {
        using var temp = new TempFolder();
        string path = Write(temp, new H5File
        {
            ["x"] = new H5Dataset(new byte[2 * 2 * 2], fileDims: [2, 2, 2]),
            ["y"] = new long[] { 0, 1, 1 },
        });

        var ex = Assert.Throws<InvalidDataException>(() => Hdf5ImageSet.Read<float>(path, "x", "y", null));
        Assert.Contains("3 labels", ex.Message);
        Assert.Contains("2 images", ex.Message);
        Assert.Contains("set.h5", ex.Message);
    }

    [Fact]
    public void Float_images_are_rejected_with_their_type_and_shape()
    {
        using var temp = new TempFolder();
        string path = Write(temp, new H5File
        {
            ["x"] = new H5Dataset(new float[2 * 2 * 2], fileDims: [2, 2, 2]),
            ["y"] = new long[] { 0, 1 },
        });

        var ex = Assert.Throws<InvalidDataException>(() => Hdf5ImageSet.Read<float>(path, "x", "y", null));
        Assert.Contains("'x'", ex.Message);
        Assert.Contains("float32 (2, 2, 2)", ex.Message);
    }

    [Fact]
    public void A_label_outside_the_class_names_is_rejected()
    {
        using var temp = new TempFolder();
        string path = Write(temp, new H5File
        {
            ["x"] = new H5Dataset(new byte[2 * 2 * 2], fileDims: [2, 2, 2]),
            ["y"] = new long[] { 0, 2 },
            ["list_classes"] = new long[] { 0, 1 },
        });

        var ex = Assert.Throws<InvalidDataException>(() => Hdf5ImageSet.Read<float>(path, "x", "y"));
        Assert.Contains("label 2 of example 1", ex.Message);
    }

    [Fact]
    public void A_key_that_names_a_group_is_rejected()
    {
        using var temp = new TempFolder();
        string path = Write(temp, new H5File
        {
            ["x"] = new H5Group(),
            ["y"] = new long[] { 0 },
        });

        var ex = Assert.Throws<InvalidDataException>(() => Hdf5ImageSet.Read<float>(path, "x", "y", null));
        Assert.Contains("'x' is a group", ex.Message);
    }

    /// <summary>The course data folder, after skipping the test when <paramref name="fileName"/> is not in it.</summary>
    private static string Folder(string fileName)
    {
        CourseData.Require(fileName);
        return CourseData.Folder;
    }

    private static int CountOf<T>(Backprop.Tensors.Matrix<T> y, int label) where T : unmanaged, IFloatingPointIeee754<T> =>
        y.Span.ToArray().Count(v => v == T.CreateTruncating(label));

    private static string Write(TempFolder temp, H5File file)
    {
        string path = temp.PathOf("set.h5");
        file.Write(path);
        return path;
    }

    private static void AssertEqualsRawBytes<T>(string h5File, string rawFile, string prefix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Dataset<T> set = Hdf5ImageSet.Read<T>(CourseData.Require(h5File), prefix + "_x", prefix + "_y");
        byte[] raw = File.ReadAllBytes(CourseData.Require(rawFile));

        Assert.Equal(raw.Length, set.X.Length);
        int m = set.Count;
        for (int j = 0; j < m; j++)
        {
            for (int i = 0; i < CatFeatures; i++)
            {
                T expected = T.CreateTruncating(raw[j * CatFeatures + i]) / T.CreateTruncating(255);
                if (set.X[i, j] != expected)
                    Assert.Fail($"X[{i}, {j}] is {set.X[i, j]}; raw byte {raw[j * CatFeatures + i]} / 255 is {expected}.");
            }
        }
    }
}
