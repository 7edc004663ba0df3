using System.Numerics;
using Backprop.Data.Augmentation;
using Backprop.Tensors;
using StbImageSharp;

namespace Backprop.Data.Formats;

/// <summary>
/// Reads an image classification set stored as a folder with one sub-folder per class, each holding PNG or
/// JPEG files: <c>pets/cat/1.png</c>, <c>pets/dog/7.jpg</c>, … .
/// </summary>
/// <remarks>
/// <para>The class names are the sub-folder names sorted ordinally, so label k is the k-th name whatever
/// order the file system lists them in, and a train and a dev folder with the same classes agree. Examples
/// are in class order, and within a class in the ordinal order of the file names, so the same folder always
/// gives the same X and Y.</para>
/// <para>Each file is decoded with StbImageSharp (a managed port of stb_image) to 8-bit RGB, or to grey
/// with stb_image's luma (77·R + 150·G + 29·B) / 256; an alpha channel is dropped. It is then resized to the
/// requested size by area averaging (see <c>AreaResampler</c>: every target pixel is the mean of the source
/// pixels it covers, weighted by overlap; the same size is an exact copy) and scaled to [0, 1]: a target
/// pixel's value is its mean m over the source divided by 255, computed in double precision as one division
/// and rounded to T, so an unresized pixel b becomes exactly <c>b / 255</c> as in the other image readers.</para>
/// <para>Image j becomes column j of X in the course's C order (row, column, channel): pixel (r, c) channel k
/// of an h × w × ch image lands in row <c>(r·w + c)·ch + k</c> (see <see cref="ImageShape"/>). Y is [1, m]
/// holding the class indices; <see cref="OneHot"/> turns it into one-hot labels.</para>
/// <para>Names starting with '.' (hidden files and folders) are skipped; files directly in the root folder
/// and folders inside class folders are ignored (a root folder without sub-folders holds unlabelled images,
/// which <see cref="ReadImages{T}"/> reads). Every other file in a class folder must be a PNG or JPEG
/// (.png, .jpg, .jpeg, any case).</para>
/// </remarks>
public static class ImageFolder
{
    /// <summary>The file extensions read, compared without regard to case.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <summary>Reads every image under <paramref name="folder"/>, resized to <paramref name="shape"/>.</summary>
    /// <typeparam name="T">The element type of X and Y.</typeparam>
    /// <param name="folder">The root folder, with one sub-folder per class.</param>
    /// <param name="shape">The size every image is resized to; 1 channel reads grey, 3 read RGB.</param>
    /// <returns>X [h·w·ch, m] in [0, 1], Y [1, m] of class indices, and the class names.</returns>
    /// <exception cref="ArgumentException"><paramref name="shape"/> has other than 1 or 3 channels.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder has no class sub-folders, a class folder holds no
    /// images, a file is not PNG or JPEG, or a file cannot be decoded; the message names the folder or file.</exception>
    /// <example><code>var train = ImageFolder.Read&lt;float&gt;("pets/train", new ImageShape(64, 64, 3));</code></example>
    public static Dataset<T> Read<T>(string folder, ImageShape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        CheckChannels(shape);
        var (classNames, files, labels) = List(folder, labelled: true);
        var x = ReadColumns<T>(files, shape);
        var y = new Matrix<T>(1, files.Count);
        for (int j = 0; j < labels.Count; j++)
            y[0, j] = T.CreateTruncating(labels[j]);
        return new Dataset<T>(x, y, classNames);
    }

    /// <summary>
    /// Reads the images of <paramref name="folder"/> without labels: those of its class sub-folders as
    /// <see cref="Read{T}"/> does, or, when it has no sub-folders, the PNG and JPEG files directly in it (the
    /// images to predict), in ordinal file-name order. <see cref="Files"/> names them in the same order.
    /// </summary>
    /// <typeparam name="T">The element type of X.</typeparam>
    /// <param name="folder">A folder of class sub-folders, or of images.</param>
    /// <param name="shape">The size every image is resized to; 1 channel reads grey, 3 read RGB.</param>
    /// <returns>X [h·w·ch, m] in [0, 1].</returns>
    /// <exception cref="ArgumentException"><paramref name="shape"/> has other than 1 or 3 channels.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no images, or a file is not a PNG or JPEG or cannot be decoded.</exception>
    public static Matrix<T> ReadImages<T>(string folder, ImageShape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        CheckChannels(shape);
        return ReadColumns<T>(List(folder, labelled: false).Files, shape);
    }

    /// <summary>
    /// The image files <see cref="Read{T}"/> (or <see cref="ReadImages{T}"/>) reads, in reading order: column j
    /// of X is file j. Paths are relative to <paramref name="folder"/> with '/' between folder names
    /// (<c>cat/1.png</c>, or <c>1.png</c> for a folder without class sub-folders), the same on every system.
    /// </summary>
    /// <param name="folder">A folder of class sub-folders, or of images.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no images, or a file is not a PNG or JPEG.</exception>
    public static IReadOnlyList<string> Files(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return [.. List(folder, labelled: false).Files.Select(file => Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'))];
    }

    private static void CheckChannels(ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Channels is not (1 or 3))
            throw new ArgumentException($"Images are read as grey (1 channel) or RGB (3 channels); the shape {shape} asks for {shape.Channels}.", nameof(shape));
    }

    /// <summary>Decodes <paramref name="files"/> into the columns of X, resized to <paramref name="shape"/>.</summary>
    private static Matrix<T> ReadColumns<T>(List<string> files, ImageShape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new Matrix<T>(shape.Length, files.Count);
        // Decoding dominates, and each image is independent, so images are decoded in parallel; each writes
        // only its own column, and a failure is reported for the first bad file in order, whichever thread met it.
        var failures = new Exception?[files.Count];
        Parallel.For(0, files.Count, j =>
        {
            try
            {
                WriteColumn(x, j, Decode(files[j], shape.Channels), shape);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                failures[j] = e;
            }
        });
        if (Array.Find(failures, f => f is not null) is { } failure)
            throw failure;
        return x;
    }

    /// <summary>
    /// The class names, the image files in reading order, and each file's class index; a folder without
    /// class sub-folders gives no class names and its own images (labels all 0), unless <paramref name="labelled"/>.
    /// </summary>
    private static (string[] ClassNames, List<string> Files, List<int> Labels) List(string folder, bool labelled)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Image folder '{folder}' does not exist.");
        string[] classFolders = Directory.GetDirectories(folder).Where(d => !Hidden(d)).Order(StringComparer.Ordinal).ToArray();
        if (labelled && classFolders.Length == 0)
            throw new InvalidDataException($"Image folder '{folder}' has no class sub-folders; put each class's images in a sub-folder named after the class.");
        var files = new List<string>();
        var labels = new List<int>();
        if (classFolders.Length == 0)
        {
            AddImages(folder, 0, files, labels);
            if (files.Count == 0)
                throw new InvalidDataException($"Image folder '{folder}' holds no images and no class sub-folders.");
            return ([], files, labels);
        }
        for (int k = 0; k < classFolders.Length; k++)
        {
            if (AddImages(classFolders[k], k, files, labels) == 0)
                throw new InvalidDataException($"Class folder '{classFolders[k]}' holds no images.");
        }
        return ([.. classFolders.Select(Path.GetFileName).Select(name => name!)], files, labels);
    }

    /// <summary>Adds the images directly in <paramref name="folder"/>, in ordinal name order, with label <paramref name="label"/>; returns how many.</summary>
    private static int AddImages(string folder, int label, List<string> files, List<int> labels)
    {
        string[] images = Directory.GetFiles(folder).Where(f => !Hidden(f)).Order(StringComparer.Ordinal).ToArray();
        foreach (string image in images)
        {
            if (!Extensions.Contains(Path.GetExtension(image), StringComparer.OrdinalIgnoreCase))
                throw new InvalidDataException($"'{image}' is not a supported image: only PNG and JPEG files (.png, .jpg, .jpeg) are read.");
            files.Add(image);
            labels.Add(label);
        }
        return images.Length;
    }

    private static bool Hidden(string path) => Path.GetFileName(path).StartsWith('.');

    /// <summary>The decoded 8-bit pixels with their height and width.</summary>
    private static (byte[] Pixels, int Height, int Width) Decode(string path, int channels)
    {
        byte[] bytes = File.ReadAllBytes(path);
        // stb_image also decodes GIF, BMP, TGA, PSD and HDR; checking the signature keeps the reader to the
        // two formats it documents, whatever the extension claims.
        bool png = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        bool jpeg = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);
        if (!png && !jpeg)
            throw new InvalidDataException($"'{path}' is not a PNG or JPEG image (it starts with {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))}).");
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // stb_image reports failures as bare exceptions with its reason ("bad huffman code", "outofdata").
            throw new InvalidDataException($"'{path}' could not be decoded as {(png ? "PNG" : "JPEG")}: {e.Message}", e);
        }
        if (image.Data.Length != (long)image.Width * image.Height * channels)
            throw new InvalidDataException($"'{path}' decoded to {image.Data.Length} bytes for a {image.Width}×{image.Height} image of {channels} channels.");
        return (image.Data, image.Height, image.Width);
    }

    private static void WriteColumn<T>(Matrix<T> x, int j, (byte[] Pixels, int Height, int Width) image, ImageShape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long[] sums = AreaResampler.Sums(image.Pixels, image.Height, image.Width, shape.Channels, shape.Height, shape.Width);
        // The weights along each axis add up to that axis's source size, so this is the mean's denominator times 255.
        double denominator = (double)image.Height * image.Width * 255;
        for (int i = 0; i < sums.Length; i++)
            x[i, j] = T.CreateTruncating(sums[i] / denominator);
    }
}
