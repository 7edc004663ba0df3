using System.CommandLine;
using Backprop.Data.Formats;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop datasets</c>: where the data sets Backprop knows about are on this machine — Fashion-MNIST
/// (Debian's dataset-fashion-mnist, or a folder given by --fashion-mnist or BACKPROP_FASHION_MNIST) and
/// the course's files (BACKPROP_COURSE_DATA or --course-data).
/// </summary>
internal static class DatasetsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var fashionOption = new Option<string?>("--fashion-mnist") { Description = "A folder holding the four Fashion-MNIST IDX files." };
        var courseOption = new Option<string?>("--course-data") { Description = "The course data folder (default: BACKPROP_COURSE_DATA)." };
        var download = new Option<bool>("--download") { Description = "Download the official Fashion-MNIST files into the cache folder (checked by SHA-256)." };
        var cache = new Option<string?>("--cache") { Description = "With --download: the cache folder (default: ~/.cache/backprop/fashion-mnist)." };
        var mirror = new Option<string?>("--mirror") { Description = $"With --download: the base URL to fetch from (default: {FashionMnistDownload.BaseUriVariable}, else the official site)." };
        var command = new Command("datasets", "Show where Fashion-MNIST and the course data sets are found, or download Fashion-MNIST.\n\nExamples:\n  backprop datasets --fashion-mnist ~/data/fashion\n  backprop datasets --download")
        {
            fashionOption, courseOption, download, cache, mirror,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(download))
            {
                string folder = parse.GetValue(cache) ?? FashionMnistDownload.DefaultCacheFolder;
                await Download(folder, parse.GetValue(mirror), error, ct);
                return Run(parse.GetValue(fashionOption) ?? folder, parse.GetValue(courseOption), output);
            }
            if (parse.GetValue(cache) is not null || parse.GetValue(mirror) is not null)
                throw new ArgumentException("--cache and --mirror go with --download.");
            return Run(parse.GetValue(fashionOption), parse.GetValue(courseOption), output);
        });
        return command;
    }

    /// <summary>Fetches the files into <paramref name="folder"/>.</summary>
    /// <exception cref="CommandFailedException">A file could not be fetched, or is not the published one (exit code 1: no fault in the input).</exception>
    private static async Task Download(string folder, string? mirror, TextWriter error, CancellationToken cancellationToken)
    {
        Uri? baseUri = null;
        if (mirror is not null && (!Uri.TryCreate(mirror.EndsWith('/') ? mirror : mirror + "/", UriKind.Absolute, out baseUri) || baseUri.Scheme is not ("http" or "https")))
            throw new ArgumentException($"--mirror must be an absolute http or https URL; got '{mirror}'.");
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        // Progress goes to stderr, so stdout keeps only the report.
        var progress = new FileProgress(error);
        try
        {
            await FashionMnistDownload.DownloadAsync(folder, client, FashionMnistDownload.ResolveBaseUri(baseUri), progress, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException { InnerException: TimeoutException } or InvalidDataException)
        {
            // Caught to say where else the files are (a timeout would otherwise read as "cancelled"), and because
            // a download that is not the published file is the network's or the mirror's fault, not the user's.
            string hint = e is InvalidDataException ? "" : " (is this machine online? Debian's dataset-fashion-mnist package is another way to get the files)";
            throw new CommandFailedException(CommandLine.OneLine(e) + hint, e);
        }
    }

    internal static int Run(string? fashionFolder, string? courseFolder, TextWriter output)
    {
        if (fashionFolder is not null && !Directory.Exists(fashionFolder))
            throw new DirectoryNotFoundException($"--fashion-mnist folder '{fashionFolder}' does not exist.");
        string? fashion = FashionMnist.Locate(fashionFolder);
        output.WriteLine(fashion is null
            ? $"Fashion-MNIST: not found (install Debian's dataset-fashion-mnist, which puts it in {FashionMnist.DebianFolder}, or pass --fashion-mnist DIR)."
            : $"Fashion-MNIST: {fashion} (60000 training and 10000 test images, 28×28, 10 classes)");

        courseFolder ??= Environment.GetEnvironmentVariable("BACKPROP_COURSE_DATA");
        if (courseFolder is null)
        {
            output.WriteLine("Course data: not configured (set BACKPROP_COURSE_DATA or pass --course-data DIR).");
            return 0;
        }
        string[] files = [CourseDatasets.CatsTrainFile, CourseDatasets.CatsTestFile, CourseDatasets.SignsTestFile, "planar_flower.csv", "football_train.csv", "moons_train.csv", "circles_train.csv"];
        output.WriteLine($"Course data: {courseFolder}");
        foreach (string file in files)
            output.WriteLine($"  {(File.Exists(Path.Combine(courseFolder, file)) ? "found  " : "missing")} {file}");
        return 0;
    }

    /// <summary>Writes each file's line at once (<see cref="Progress{T}"/> would post it to the thread pool, out of order).</summary>
    private sealed class FileProgress(TextWriter error) : IProgress<(string File, bool Fetched)>
    {
        public void Report((string File, bool Fetched) value) => error.WriteLine($"  {(value.Fetched ? "downloaded" : "present   ")} {value.File}");
    }
}
