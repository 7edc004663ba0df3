using System.IO.Compression;
using System.Security.Cryptography;

namespace Backprop.Data.Formats;

/// <summary>
/// Downloads the four Fashion-MNIST <c>.gz</c> files from the official distribution (or a mirror) into a cache
/// folder, checking each before it is kept.
/// </summary>
/// <remarks>
/// <para>A file is checked by its contents, not its compressed bytes: it must decompress to the IDX data
/// whose length and SHA-256 are listed in <see cref="Files"/> (measured on the published data; gzip streams
/// of the same data can differ, so the compressed bytes are not a stable fingerprint). A file that fails the
/// check is not written.</para>
/// <para>Each file is written with <see cref="Serialization.AtomicFile"/>, so an interrupted download never
/// leaves half a file, and files already in the cache that pass the check are not fetched again.</para>
/// </remarks>
public static class FashionMnistDownload
{
    /// <summary>The official location of the files (the Fashion-MNIST project's own download links).</summary>
    public static Uri OfficialBaseUri { get; } = new("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /// <summary>The environment variable that may name another base URL (a mirror, or a local server in tests).</summary>
    public const string BaseUriVariable = "BACKPROP_FASHION_MNIST_URL";

    /// <summary>Each file's name, and the length and SHA-256 (lower-case hex) of its decompressed contents.</summary>
    public static IReadOnlyList<(string Name, long Length, string Sha256)> Files { get; } =
    [
        (FashionMnist.TrainImagesFile + ".gz", 47040016, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        (FashionMnist.TrainLabelsFile + ".gz", 60008, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        (FashionMnist.TestImagesFile + ".gz", 7840016, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        (FashionMnist.TestLabelsFile + ".gz", 10008, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
    ];

    /// <summary>
    /// The default cache folder: <c>$XDG_CACHE_HOME/backprop/fashion-mnist</c>, or <c>~/.cache/backprop/fashion-mnist</c>.
    /// </summary>
    public static string DefaultCacheFolder
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = string.IsNullOrWhiteSpace(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(root, "backprop", "fashion-mnist");
        }
    }

    /// <summary>The base URL to use: <paramref name="baseUri"/>, else <see cref="BaseUriVariable"/>, else <see cref="OfficialBaseUri"/>.</summary>
    /// <exception cref="ArgumentException">The environment variable is set but is not an absolute http(s) URL.</exception>
    public static Uri ResolveBaseUri(Uri? baseUri = null)
    {
        if (baseUri is not null)
            return baseUri;
        string? text = Environment.GetEnvironmentVariable(BaseUriVariable);
        if (string.IsNullOrWhiteSpace(text))
            return OfficialBaseUri;
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{BaseUriVariable} is '{text}', which is not an absolute http or https URL.");
        return uri;
    }

    /// <summary>Downloads every file not already in <paramref name="cacheFolder"/> (with valid contents).</summary>
    /// <param name="cacheFolder">The folder to fill; created if needed.</param>
    /// <param name="client">The HTTP client to use.</param>
    /// <param name="baseUri">The folder URL the four files are under (see <see cref="ResolveBaseUri"/>).</param>
    /// <param name="progress">Told each file's name and whether it was fetched (true) or already present (false).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The cache folder.</returns>
    /// <exception cref="HttpRequestException">A request failed (offline, unreachable, or an HTTP error status); the message names the URL.</exception>
    /// <exception cref="InvalidDataException">A downloaded file is not gzip or decompresses to other contents than the published ones.</exception>
    public static async Task<string> DownloadAsync(string cacheFolder, HttpClient client, Uri baseUri,
        IProgress<(string File, bool Fetched)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheFolder);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(baseUri);
        Directory.CreateDirectory(cacheFolder);
        foreach (var (name, length, sha256) in Files)
        {
            string path = Path.Combine(cacheFolder, name);
            if (File.Exists(path) && Problem(await File.ReadAllBytesAsync(path, cancellationToken), length, sha256) is null)
            {
                progress?.Report((name, false));
                continue;
            }
            var uri = new Uri(baseUri, name);
            byte[] bytes;
            try
            {
                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (!response.IsSuccessStatusCode)
                    throw new HttpRequestException($"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
                bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                throw new HttpRequestException($"Could not download {uri}: {e.Message}", e);
            }
            if (Problem(bytes, length, sha256) is { } problem)
                throw new InvalidDataException($"{uri} {problem}; nothing was written.");
            Serialization.AtomicFile.WriteAllBytes(path, bytes);
            progress?.Report((name, true));
        }
        return cacheFolder;
    }

    /// <summary>Why <paramref name="gzip"/> is not the expected file, or null when it is.</summary>
    private static string? Problem(byte[] gzip, long length, string sha256)
    {
        try
        {
            using var unzip = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            long total = 0;
            int got;
            while ((got = unzip.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, got));
                total += got;
            }
            if (total != length)
                return $"decompresses to {total} bytes, not the {length} of the published file";
            string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            return actual == sha256 ? null : $"decompresses to data with SHA-256 {actual}, not the published {sha256}";
        }
        catch (InvalidDataException e)
        {
            return $"is not valid gzip data ({e.Message})";
        }
    }
}
