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
        var command = new Command("datasets", "Show where Fashion-MNIST and the course data sets are found.\n\nExample:\n  backprop datasets --fashion-mnist ~/data/fashion")
        {
            fashionOption, courseOption,
        };
        command.SetAction(parse => Run(parse.GetValue(fashionOption), parse.GetValue(courseOption), output, error));
        return command;
    }

    internal static int Run(string? fashionFolder, string? courseFolder, TextWriter output, TextWriter error)
    {
        if (fashionFolder is not null && !Directory.Exists(fashionFolder))
        {
            error.WriteLine($"backprop datasets: --fashion-mnist folder '{fashionFolder}' does not exist.");
            return CommandLine.UserError;
        }
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
}
