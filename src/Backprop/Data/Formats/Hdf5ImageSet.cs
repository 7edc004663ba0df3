using System.Globalization;
using System.Numerics;
using Backprop.Data.Augmentation;
using Backprop.Tensors;

namespace Backprop.Data.Formats;

/// <summary>
/// Reads an image classification set stored the way the course stores its <c>.h5</c> files: a <c>uint8</c>
/// image array, an integer label vector and, optionally, a vector of class names.
/// </summary>
/// <remarks>
/// <para>This effectively computes the course's preprocessing,
/// <c>X = x.reshape(m, -1).T / 255.</c> and <c>Y = y.reshape(1, m)</c>: example j becomes column j of X,
/// flattened in C order (row, column, channel), so pixel (r, c) channel k of an h × w × ch image lands in
/// row <c>(r·w + c)·ch + k</c>.</para>
/// <para>Each pixel value b becomes <c>T.CreateTruncating(b) / T.CreateTruncating(255)</c>, one correctly
/// rounded division in the element type T. For <see cref="double"/> this is bit-identical to NumPy's
/// <c>x / 255.</c>; for <see cref="float"/> it is the float quotient of the same two numbers.</para>
/// <para>The file is checked before anything large is read; every failure names the file, and where it
/// applies the key and the type and shape found.</para>
/// </remarks>
public static class Hdf5ImageSet
{
    /// <summary>Reads images, labels and (unless <paramref name="classesKey"/> is null) class names.</summary>
    /// <typeparam name="T">The element type of X and Y.</typeparam>
    /// <param name="path">The HDF5 file.</param>
    /// <param name="imagesKey">The image array: <c>uint8</c>, shape (m, h, w, c) or (m, h, w).</param>
    /// <param name="labelsKey">The labels: any integer type, shape (m,), (m, 1) or (1, m).</param>
    /// <param name="classesKey">The class names: fixed- or variable-length strings (trailing NULs removed)
    /// or integers (written in invariant culture, e.g. SIGNS' 0..5 become "0".."5"), one per label value.
    /// Null reads none, and <see cref="Dataset{T}.ClassNames"/> is then empty; a file without class names
    /// needs null here, because a key that is given but absent is an error rather than silently skipped.</param>
    /// <returns>X [h·w·c, m] scaled to [0, 1], Y [1, m] holding the label values, and the class names.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not HDF5 or is truncated; a dataset has the wrong
    /// type or rank; the label and image counts differ; or a label is outside the class-name list.</exception>
    /// <exception cref="KeyNotFoundException">A key is not in the file; the message lists the keys present.</exception>
    /// <example><code>var train = Hdf5ImageSet.Read&lt;float&gt;("train_catvnoncat.h5", "train_set_x", "train_set_y");</code></example>
    public static Dataset<T> Read<T>(string path, string imagesKey, string labelsKey, string? classesKey = "list_classes")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(imagesKey);
        ArgumentException.ThrowIfNullOrEmpty(labelsKey);

        using var source = Hdf5Source.Open(path);
        Hdf5Array images = source.Dataset(imagesKey);
        Hdf5Array labels = source.Dataset(labelsKey);
        Hdf5Array? classes = classesKey is null ? null : source.Dataset(classesKey);

        // Check every shape before reading any pixels, so a wrong key fails at once.
        (int count, int features) = ImageLayout(path, images);
        CheckLabels(path, labels, images, count);
        if (classes is not null && (classes.VectorLength is null || !(classes.IsInteger || classes.IsString)))
            throw new InvalidDataException($"'{path}': class names '{classes.Key}' must be a vector of strings or integers; found {classes.Description}.");

        string[] classNames = classes is null ? [] : ReadClassNames(source, classes);
        long[] labelValues = source.ReadIntegers(labels);
        CheckLabelRange(path, labels, labelValues, classes, classNames.Length);

        Matrix<T> x = Pixels.ToColumns<T>(source.ReadBytes(images), features, count);
        var y = new Matrix<T>(1, count);
        for (int j = 0; j < count; j++)
            y[0, j] = T.CreateTruncating(labelValues[j]);
        return new Dataset<T>(x, y, classNames);
    }

    /// <summary>Reads only the images, for data without labels (e.g. to predict).</summary>
    /// <typeparam name="T">The element type of X.</typeparam>
    /// <param name="path">The HDF5 file.</param>
    /// <param name="imagesKey">The image array: <c>uint8</c>, shape (m, h, w, c) or (m, h, w).</param>
    /// <returns>X [h·w·c, m] scaled to [0, 1], as <see cref="Read{T}"/> makes it.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not HDF5 or the dataset has the wrong type or rank.</exception>
    /// <exception cref="KeyNotFoundException">The key is not in the file; the message lists the keys present.</exception>
    public static Matrix<T> ReadImages<T>(string path, string imagesKey) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(imagesKey);
        using var source = Hdf5Source.Open(path);
        Hdf5Array images = source.Dataset(imagesKey);
        (int count, int features) = ImageLayout(path, images);
        return Pixels.ToColumns<T>(source.ReadBytes(images), features, count);
    }

    /// <summary>The shape of one image, from the dataset's header: (m, h, w, c) gives h × w × c, (m, h, w) gives h × w × 1.</summary>
    /// <param name="path">The HDF5 file.</param>
    /// <param name="imagesKey">The image array.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not HDF5 or the dataset is not uint8 images of at least 1 × 1 × 1.</exception>
    /// <exception cref="KeyNotFoundException">The key is not in the file.</exception>
    public static ImageShape ImageShapeOf(string path, string imagesKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(imagesKey);
        using var source = Hdf5Source.Open(path);
        Hdf5Array images = source.Dataset(imagesKey);
        ImageLayout(path, images);
        ulong[] d = images.Dimensions;
        if (d.AsSpan(1).Contains(0UL))
            throw new InvalidDataException($"'{path}': images '{images.Key}' {images.ShapeText} have an empty dimension.");
        return new ImageShape((int)d[1], (int)d[2], d.Length == 4 ? (int)d[3] : 1);
    }

    /// <summary>Whether the file has a link named <paramref name="key"/> (e.g. the optional <c>list_classes</c>).</summary>
    /// <param name="path">The HDF5 file.</param>
    /// <param name="key">The key to look for.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not HDF5.</exception>
    public static bool HasKey(string path, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(key);
        using var source = Hdf5Source.Open(path);
        return source.HasKey(key);
    }

    /// <summary>The number of examples and of values per example, after checking type and rank.</summary>
    private static (int Count, int Features) ImageLayout(string path, Hdf5Array images)
    {
        if (!images.IsUInt8 || images.Dimensions.Length is not (3 or 4))
            throw new InvalidDataException($"'{path}': images '{images.Key}' must be uint8 with shape (m, h, w, c) or (m, h, w); found {images.Description}.");
        ulong count = images.Dimensions[0];
        ulong features = 1;
        foreach (ulong d in images.Dimensions.AsSpan(1))
            features *= d;
        // X is one array, so all of it must fit in one .NET array.
        if (count > int.MaxValue || features > int.MaxValue || (UInt128)count * features > (ulong)Array.MaxLength)
            throw new InvalidDataException($"'{path}': images '{images.Key}' {images.ShapeText} are too many to hold in one matrix.");
        return ((int)count, (int)features);
    }

    private static void CheckLabels(string path, Hdf5Array labels, Hdf5Array images, int count)
    {
        if (!labels.IsInteger || labels.VectorLength is not { } length)
            throw new InvalidDataException($"'{path}': labels '{labels.Key}' must be integers with shape (m,), (m, 1) or (1, m); found {labels.Description}.");
        if (length != (ulong)count)
            throw new InvalidDataException($"'{path}': '{labels.Key}' holds {length} labels but '{images.Key}' holds {count} images.");
    }

    private static string[] ReadClassNames(Hdf5Source source, Hdf5Array classes)
    {
        if (classes.IsString)
            return source.ReadStrings(classes);
        return [.. source.ReadIntegers(classes).Select(value => value.ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>With class names present, label k must name one of them: <c>ClassNames[k]</c> is how a label is read.</summary>
    private static void CheckLabelRange(string path, Hdf5Array labels, long[] values, Hdf5Array? classes, int classCount)
    {
        if (classes is null)
            return;
        for (int j = 0; j < values.Length; j++)
        {
            if ((ulong)values[j] >= (ulong)classCount)
                throw new InvalidDataException($"'{path}': label {values[j]} of example {j} in '{labels.Key}' is outside the {classCount} classes of '{classes.Key}'.");
        }
    }
}
