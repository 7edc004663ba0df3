namespace Backprop.Tests;

/// <summary>
/// Locates the course's third-party data sets (never copied into this repository). The folder comes
/// from <c>BACKPROP_COURSE_DATA</c>, default <c>../shared/data/course</c> relative to the repository root.
/// Tests that need a file call <see cref="Require"/>, which skips the test with a reason when it is absent.
/// </summary>
internal static class CourseData
{
    public static string Folder { get; } = Locate();

    /// <summary>The full path of <paramref name="fileName"/>; skips the calling test when it is missing.</summary>
    public static string Require(string fileName)
    {
        string path = Path.Combine(Folder, fileName);
        if (!File.Exists(path))
            Assert.Skip($"Course data file '{fileName}' not found in '{Folder}' (set BACKPROP_COURSE_DATA to the folder that holds it).");
        return path;
    }

    private static string Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("BACKPROP_COURSE_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Path.GetFullPath(fromEnvironment);
        return Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "data", "course"));
    }

    /// <summary>The folder that holds Backprop.slnx, found by walking up from the test binary.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Backprop.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
