using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Backprop.Data.Formats;

namespace Backprop.Cli.Tests;

/// <summary>
/// <c>datasets --download</c> against a local HttpListener on 127.0.0.1 that serves files from a folder; it
/// answers a bounded number of requests and stops when the test ends.
/// </summary>
public sealed class DatasetsDownloadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backprop-download").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Served => Directory.CreateDirectory(Path.Combine(_folder, "served")).FullName;

    private string Cache => Path.Combine(_folder, "cache");

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Serves the files of <see cref="Served"/> (404 for others) until disposed, at most 20 requests.</summary>
    private sealed class FileServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public FileServer(string folder)
        {
            Url = $"http://127.0.0.1:{FreePort()}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                for (int request = 0; request < 20; request++)
                {
                    HttpListenerContext context;
                    try { context = await _listener.GetContextAsync(); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                    string path = Path.Combine(folder, Path.GetFileName(context.Request.Url!.AbsolutePath));
                    if (File.Exists(path))
                    {
                        byte[] bytes = await File.ReadAllBytesAsync(path);
                        context.Response.ContentLength64 = bytes.Length;
                        await context.Response.OutputStream.WriteAsync(bytes);
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                    }
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }
    }

    [Fact]
    public async Task Files_that_are_not_the_published_data_are_refused_and_not_written()
    {
        foreach (var (name, _, _) in FashionMnistDownload.Files)
        {
            using var gzip = new GZipStream(File.Create(Path.Combine(Served, name)), CompressionLevel.Fastest);
            gzip.Write("not Fashion-MNIST"u8);
        }
        await using var server = new FileServer(Served);

        var (exit, _, error) = await Cli.Run("datasets", "--download", "--cache", Cache, "--mirror", server.Url);

        Assert.Equal(1, exit);
        Assert.Contains($"{server.Url}train-images-idx3-ubyte.gz decompresses to 17 bytes, not the 47040016 of the published file; nothing was written.", error);
        Assert.Empty(Directory.GetFiles(Cache));
    }

    [Fact]
    public async Task A_missing_file_is_reported_with_its_status()
    {
        await using var server = new FileServer(Served);
        var (exit, _, error) = await Cli.Run("datasets", "--download", "--cache", Cache, "--mirror", server.Url);
        Assert.Equal(1, exit);
        Assert.Contains("train-images-idx3-ubyte.gz answered 404", error);
    }

    [Fact]
    public async Task Offline_is_one_line_with_a_hint()
    {
        // Nothing listens on this port, so the connection is refused as it would be without a network.
        var (exit, output, error) = await Cli.Run("datasets", "--download", "--cache", Cache, "--mirror", $"http://127.0.0.1:{FreePort()}/");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("is this machine online?", error);
    }

    [Fact]
    public async Task A_bad_mirror_is_a_user_error()
    {
        var (exit, _, error) = await Cli.Run("datasets", "--download", "--mirror", "ftp://example");
        Assert.Equal(2, exit);
        Assert.Contains("--mirror must be an absolute http or https URL", error);
    }

    [Fact]
    public async Task The_published_files_are_downloaded_once_and_then_found()
    {
        // The Debian package's copy is the published data (recompressed), so it can stand in for the server's files.
        if (!FashionMnistDownload.Files.All(f => File.Exists(Path.Combine(FashionMnist.DebianFolder, f.Name))))
            Assert.Skip($"Fashion-MNIST is not in {FashionMnist.DebianFolder} (Debian's dataset-fashion-mnist) to serve.");
        foreach (var (name, _, _) in FashionMnistDownload.Files)
            File.Copy(Path.Combine(FashionMnist.DebianFolder, name), Path.Combine(Served, name));
        await using var server = new FileServer(Served);

        var (exit, output, error) = await Cli.Run("datasets", "--download", "--cache", Cache, "--mirror", server.Url);
        Assert.True(exit == 0, error);
        Assert.Contains($"Fashion-MNIST: {Cache}", output);
        Assert.Equal(4, error.Split('\n').Count(line => line.Contains("downloaded", StringComparison.Ordinal)));
        foreach (var (name, _, _) in FashionMnistDownload.Files)
            Assert.Equal(new FileInfo(Path.Combine(Served, name)).Length, new FileInfo(Path.Combine(Cache, name)).Length);

        // A second run finds the files valid and fetches nothing.
        (exit, _, error) = await Cli.Run("datasets", "--download", "--cache", Cache, "--mirror", server.Url);
        Assert.True(exit == 0, error);
        Assert.Equal(4, error.Split('\n').Count(line => line.Contains("present", StringComparison.Ordinal)));
    }
}
