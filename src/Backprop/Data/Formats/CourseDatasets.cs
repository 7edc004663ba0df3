using System.Numerics;

namespace Backprop.Data.Formats;

/// <summary>
/// Loads the Deep Learning Specialization's image sets by their course file names from a folder that holds
/// them (the files are third-party course material and are not shipped with the library).
/// </summary>
/// <remarks>
/// Each loader is <see cref="Hdf5ImageSet.Read{T}"/> with the course's keys, so X is [12288, m] with pixels
/// scaled to [0, 1] and Y is [1, m] holding the label values: 0/1 for the cat sets, the number of raised
/// fingers 0–5 for SIGNS (class indices, not one-hot).
/// </remarks>
public static class CourseDatasets
{
    /// <summary>The cat training set file: 209 images, 72 cats.</summary>
    public const string CatsTrainFile = "train_catvnoncat.h5";

    /// <summary>The cat test set file: 50 images, 33 cats.</summary>
    public const string CatsTestFile = "test_catvnoncat.h5";

    /// <summary>The SIGNS training set file: 1080 images, 6 classes.</summary>
    public const string SignsTrainFile = "train_signs.h5";

    /// <summary>The SIGNS test set file: 120 images, 20 per class.</summary>
    public const string SignsTestFile = "test_signs.h5";

    /// <summary>The cat / non-cat training set (C1 W2–W4); class names "non-cat", "cat".</summary>
    /// <param name="folder">The folder that holds <see cref="CatsTrainFile"/>.</param>
    /// <exception cref="FileNotFoundException">The file is not in <paramref name="folder"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or not laid out as the course's.</exception>
    public static Dataset<T> LoadCatsTrain<T>(string folder) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load<T>(folder, CatsTrainFile, "train_set");

    /// <summary>The cat / non-cat test set (C1 W2–W4); class names "non-cat", "cat".</summary>
    /// <param name="folder">The folder that holds <see cref="CatsTestFile"/>.</param>
    /// <exception cref="FileNotFoundException">The file is not in <paramref name="folder"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or not laid out as the course's.</exception>
    public static Dataset<T> LoadCatsTest<T>(string folder) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load<T>(folder, CatsTestFile, "test_set");

    /// <summary>The SIGNS training set (C2 W3); class names "0" to "5".</summary>
    /// <param name="folder">The folder that holds <see cref="SignsTrainFile"/>.</param>
    /// <exception cref="FileNotFoundException">The file is not in <paramref name="folder"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or not laid out as the course's.</exception>
    public static Dataset<T> LoadSignsTrain<T>(string folder) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load<T>(folder, SignsTrainFile, "train_set");

    /// <summary>The SIGNS test set (C2 W3); class names "0" to "5".</summary>
    /// <param name="folder">The folder that holds <see cref="SignsTestFile"/>.</param>
    /// <exception cref="FileNotFoundException">The file is not in <paramref name="folder"/>.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or not laid out as the course's.</exception>
    public static Dataset<T> LoadSignsTest<T>(string folder) where T : unmanaged, IFloatingPointIeee754<T> =>
        Load<T>(folder, SignsTestFile, "test_set");

    private static Dataset<T> Load<T>(string folder, string fileName, string prefix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return Hdf5ImageSet.Read<T>(Path.Combine(folder, fileName), prefix + "_x", prefix + "_y");
    }
}
