using System.Globalization;
using System.Text.Json;
using Backprop.Samples.Course1;

// Reproduces Course 1 of the Deep Learning Specialization.
//   dotnet run --project samples/Course1 -c Release -- [--json] [--data DIR] [--only PREFIX] [--list]
// The course data folder comes from --data, else BACKPROP_COURSE_DATA, else ../shared/data/course.

bool json = false, list = false;
string? only = null;
string? data = Environment.GetEnvironmentVariable("BACKPROP_COURSE_DATA");
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--json": json = true; break;
        case "--list": list = true; break;
        case "--only" when i + 1 < args.Length: only = args[++i]; break;
        case "--data" when i + 1 < args.Length: data = args[++i]; break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: Course1 [--json] [--data DIR] [--only PREFIX] [--list]");
            return 2;
    }
}

var selected = Course1Experiments.All.Where(e => only is null || e.Name.StartsWith(only, StringComparison.Ordinal)).ToList();
if (list)
{
    foreach (var e in selected) Console.WriteLine($"{e.Name,-28} {e.Description}");
    return 0;
}
if (selected.Count == 0)
{
    Console.Error.WriteLine($"No experiment starts with '{only}'. Use --list to see them.");
    return 2;
}
data ??= LocateCourseData();
if (!Directory.Exists(data))
{
    Console.Error.WriteLine($"Course data folder '{data}' not found. Pass --data DIR or set BACKPROP_COURSE_DATA.");
    return 1;
}

foreach (var experiment in selected)
{
    ExperimentResult result;
    try
    {
        result = experiment.Run(data);
    }
    catch (Exception ex) when (ex is IOException or InvalidDataException or KeyNotFoundException or ArgumentException)
    {
        Console.Error.WriteLine($"{experiment.Name}: {ex.Message}");
        return 1;
    }
    if (json)
    {
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["experiment"] = result.Name,
            ["costs"] = result.Costs.ToDictionary(c => c.Key.ToString(CultureInfo.InvariantCulture), c => c.Value),
            ["train_accuracy"] = result.TrainAccuracy,
            ["test_accuracy"] = result.TestAccuracy,
        }));
        continue;
    }
    Console.WriteLine($"== {experiment.Name}: {experiment.Description}");
    foreach (var (iteration, cost) in result.Costs)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cost after iteration {iteration}: {cost:F6}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Train accuracy: {result.TrainAccuracy:P2}"));
    if (result.TestAccuracy is double test)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Test accuracy:  {test:P2}"));
}
return 0;

static string LocateCourseData()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Backprop.slnx")))
        dir = dir.Parent;
    return Path.GetFullPath(Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "..", "shared", "data", "course"));
}
