using System.Globalization;
using System.Numerics;
using Backprop.Data.Augmentation;
using Backprop.Tensors;

namespace Backprop.Data.Formats;

/// <summary>
/// Builds a <see cref="Dataset{T}"/> from an IDX image file and an IDX label file, the layout of MNIST and
/// Fashion-MNIST.
/// </summary>
/// <remarks>
/// <para>Image j becomes column j of X, flattened row-major, so pixel (r, c) of an h × w image lands in row
/// <c>r·w + c</c>. Each pixel value b becomes <c>T.CreateTruncating(b) / T.CreateTruncating(255)</c>, one
/// correctly rounded division in T: for <see cref="float"/> this is NumPy's
/// <c>x.astype(np.float32) / np.float32(255)</c>.</para>
/// <para>Y is one-hot, [classes, m], or with <c>oneHot: false</c> a [1, m] row of class indices.</para>
/// </remarks>
public static class IdxDataset
{
    /// <summary>Reads images and labels with class names "0", "1", … .</summary>
    /// <typeparam name="T">The element type of X and Y.</typeparam>
    /// <param name="imagesPath">The image file: uint8, shape (m, rows, columns).</param>
    /// <param name="labelsPath">The label file: integers in [0, <paramref name="classes"/>), shape (m,).</param>
    /// <param name="classes">The number of classes (at least 2).</param>
    /// <param name="oneHot">True for Y [classes, m] one-hot; false for Y [1, m] holding the class indices.</param>
    /// <param name="layout">How to hold the inputs: X [rows·columns, m], or example-major [m, rows·columns]
    /// (the file's own order; see <see cref="DataLayout"/>).</param>
    /// <returns>X [rows·columns, m] scaled to [0, 1], Y, and the class names.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is less than 2.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not valid IDX (see <see cref="IdxFile.Read"/>); the
    /// images are not 3-D uint8 or the labels not 1-D integers; the counts differ; or a label is out of range.</exception>
    /// <example><code>var train = IdxDataset.Read&lt;float&gt;("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");</code></example>
    public static Dataset<T> Read<T>(string imagesPath, string labelsPath, int classes = 10, bool oneHot = true, DataLayout layout = DataLayout.FeatureMajor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        string[] names = new string[classes];
        for (int k = 0; k < classes; k++)
            names[k] = k.ToString(CultureInfo.InvariantCulture);
        return Read<T>(imagesPath, labelsPath, names, oneHot, layout);
    }

    /// <summary>Reads images and labels with the given class names; label k names class <c>classNames[k]</c>.</summary>
    /// <typeparam name="T">The element type of X and Y.</typeparam>
    /// <param name="imagesPath">The image file: uint8, shape (m, rows, columns).</param>
    /// <param name="labelsPath">The label file: integers in [0, classNames.Count), shape (m,).</param>
    /// <param name="classNames">One name per class, at least 2; their number is the number of classes.</param>
    /// <param name="oneHot">True for Y [classes, m] one-hot; false for Y [1, m] holding the class indices.</param>
    /// <param name="layout">How to hold the inputs: X [rows·columns, m], or example-major [m, rows·columns]
    /// (the file's own order; see <see cref="DataLayout"/>).</param>
    /// <returns>X [rows·columns, m] scaled to [0, 1], Y, and the class names.</returns>
    /// <exception cref="ArgumentException">Fewer than 2 class names are given.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not valid IDX (see <see cref="IdxFile.Read"/>); the
    /// images are not 3-D uint8 or the labels not 1-D integers; the counts differ; or a label is out of range.</exception>
    public static Dataset<T> Read<T>(string imagesPath, string labelsPath, IReadOnlyList<string> classNames, bool oneHot = true, DataLayout layout = DataLayout.FeatureMajor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count < 2)
            throw new ArgumentException($"A classification set needs at least 2 class names; got {classNames.Count}.", nameof(classNames));
        int classes = classNames.Count;

        // The label file is small, so it is read and checked first: a wrong pair of paths then fails before
        // the image file is decompressed.
        IdxArray labelArray = IdxFile.Read(labelsPath);
        if (labelArray.Rank != 1 || !labelArray.IsInteger)
            throw new InvalidDataException($"'{labelsPath}': a label file must hold a 1-D array of integers (m,); found {labelArray.Description}.");
        int[] labels = Labels(labelArray, classes);

        IdxArray images = IdxFile.Read(imagesPath);
        int features = ImageFeatures(images);
        int count = images.Dimensions[0];
        if (count != labels.Length)
            throw new InvalidDataException($"'{imagesPath}' holds {count} images but '{labelsPath}' holds {labels.Length} labels.");
        Matrix<T> y = oneHot ? OneHot.Encode<T>(labels, classes) : IndexRow<T>(labels);
        return layout == DataLayout.ExampleMajor
            ? Dataset<T>.FromExampleRows(Pixels.ToRows<T>(images.RawData, features, count), y, [.. classNames])
            : new Dataset<T>(Pixels.ToColumns<T>(images.RawData, features, count), y, [.. classNames]);
    }

    /// <summary>Reads only the images, for data without labels (e.g. to predict).</summary>
    /// <typeparam name="T">The element type of X.</typeparam>
    /// <param name="imagesPath">The image file: uint8, shape (m, rows, columns).</param>
    /// <returns>X [rows·columns, m] scaled to [0, 1], as <see cref="Read{T}(string, string, int, bool, DataLayout)"/> makes it.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not valid IDX or not a 3-D uint8 array.</exception>
    public static Matrix<T> ReadImages<T>(string imagesPath) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        IdxArray images = IdxFile.Read(imagesPath);
        return Pixels.ToColumns<T>(images.RawData, ImageFeatures(images), images.Dimensions[0]);
    }

    /// <summary>The shape of one image of an image file, from its header alone: rows × columns × 1 channel.</summary>
    /// <param name="imagesPath">The image file: uint8, shape (m, rows, columns).</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header is not valid IDX or not a 3-D uint8 array with images of at least 1 × 1.</exception>
    public static ImageShape ImageShapeOf(string imagesPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        var (type, dimensions) = IdxFile.ReadHeader(imagesPath);
        if (dimensions.Count != 3 || type != IdxElementType.UInt8 || dimensions[1] < 1 || dimensions[2] < 1)
            throw new InvalidDataException($"'{imagesPath}': an image file must hold a 3-D uint8 array (m, rows, columns); found {IdxArray.TypeName(type)} ({string.Join(", ", dimensions)}).");
        return new ImageShape(dimensions[1], dimensions[2], 1);
    }

    /// <summary>The labels as class indices, each checked against the number of classes.</summary>
    private static int[] Labels(IdxArray array, int classes)
    {
        var labels = new int[array.Length];
        for (int j = 0; j < labels.Length; j++)
        {
            double value = array[j];
            if (value < 0 || value >= classes)
                throw new InvalidDataException($"'{array.Path}': label {value} of example {j} is outside [0, {classes}).");
            labels[j] = (int)value;
        }
        return labels;
    }

    private static Matrix<T> IndexRow<T>(int[] labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = new Matrix<T>(1, labels.Length);
        Span<T> row = y.Span;
        for (int j = 0; j < labels.Length; j++)
            row[j] = T.CreateTruncating(labels[j]);
        return y;
    }

    /// <summary>Checks that <paramref name="images"/> is a 3-D uint8 array and returns the pixels per image.</summary>
    private static int ImageFeatures(IdxArray images)
    {
        if (images.Rank != 3 || images.ElementType != IdxElementType.UInt8)
            throw new InvalidDataException($"'{images.Path}': an image file must hold a 3-D uint8 array (m, rows, columns); found {images.Description}.");
        // With at least one image the pixels, one byte each, fit in one array and so does this product; an
        // empty file bounds nothing, so the product is checked.
        long features = (long)images.Dimensions[1] * images.Dimensions[2];
        if (features > Array.MaxLength)
            throw new InvalidDataException($"'{images.Path}': images of {images.Dimensions[1]} × {images.Dimensions[2]} pixels are too large for one matrix.");
        return (int)features;
    }
}
