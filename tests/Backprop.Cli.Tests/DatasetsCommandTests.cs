using Backprop.Cli;

namespace Backprop.Cli.Tests;

public class DatasetsCommandTests
{
    [Fact]
    public async Task Reports_each_course_file_as_found_or_missing()
    {
        string folder = Directory.CreateTempSubdirectory("backprop-datasets").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "moons_train.csv"), "x1,x2,y\n");
            var output = new StringWriter();
            int exit = await CommandLine.RunAsync(["datasets", "--course-data", folder], output, new StringWriter());
            Assert.Equal(0, exit);
            Assert.Contains("found   moons_train.csv", output.ToString());
            Assert.Contains("missing train_catvnoncat.h5", output.ToString());
            Assert.Contains("Fashion-MNIST:", output.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_fashion_folder_is_a_user_error()
    {
        var error = new StringWriter();
        int exit = await CommandLine.RunAsync(["datasets", "--fashion-mnist", "/no/such/folder"], new StringWriter(), error);
        Assert.Equal(2, exit);
        Assert.Contains("/no/such/folder", error.ToString());
    }
}
