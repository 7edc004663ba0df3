using System.Globalization;
using System.Text.Json;

namespace Backprop.Samples;

/// <summary>
/// The command line shared by the course samples:
/// <c>[--json] [--data DIR] [--only PREFIX] [--list]</c>. The course data folder comes from --data,
/// else <c>BACKPROP_COURSE_DATA</c>, else <c>../shared/data/course</c> next to the repository.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Runs the selected experiments and prints them; returns the process exit code.</summary>
    public static int Run(string program, string[] args, IReadOnlyList<Experiment> experiments)
    {
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
                    Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: {program} [--json] [--data DIR] [--only PREFIX] [--list]");
                    return 2;
            }
        }

        var selected = experiments.Where(e => only is null || e.Name.StartsWith(only, StringComparison.Ordinal)).ToList();
        if (list)
        {
            foreach (var e in selected) Console.WriteLine($"{e.Name,-34} {e.Description}");
            return 0;
        }
        if (selected.Count == 0)
        {
            Console.Error.WriteLine($"No experiment starts with '{only}'. Use --list to see them.");
            return 2;
        }
        data ??= CourseDataFolder();
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
            catch (Exception ex) when (ex is IOException or InvalidDataException or KeyNotFoundException or ArgumentException or FormatException)
            {
                Console.Error.WriteLine($"{experiment.Name}: {ex.Message}");
                return 1;
            }
            Console.WriteLine(json ? ToJson(result) : ToText(experiment, result));
        }
        return 0;
    }

    /// <summary>One JSON object: experiment, costs, train_accuracy, test_accuracy (when the run trains), then the extra values.</summary>
    public static string ToJson(ExperimentResult result)
    {
        var fields = new Dictionary<string, object?> { ["experiment"] = result.Name };
        if (result.Costs is not null)
        {
            fields["costs"] = result.Costs.ToDictionary(c => c.Key.ToString(CultureInfo.InvariantCulture), c => c.Value);
            fields["train_accuracy"] = result.TrainAccuracy;
            fields["test_accuracy"] = result.TestAccuracy;
        }
        if (result.LearningRates is not null)
            fields["learning_rates"] = result.LearningRates.ToDictionary(c => c.Key.ToString(CultureInfo.InvariantCulture), c => c.Value);
        foreach (var (key, value) in result.Values)
            fields[key] = value;
        if (result.Note is not null)
            fields["note"] = result.Note;
        return JsonSerializer.Serialize(fields);
    }

    private static string ToText(Experiment experiment, ExperimentResult result)
    {
        var lines = new List<string> { $"== {experiment.Name}: {experiment.Description}" };
        if (result.Note is not null)
            lines.Add($"   ({result.Note})");
        foreach (var (iteration, cost) in result.Costs ?? new Dictionary<int, double>())
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Cost after iteration {iteration}: {cost:F6}"));
        if (result.TrainAccuracy is double train)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Train accuracy: {train:P2}"));
        if (result.TestAccuracy is double test)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Test accuracy:  {test:P2}"));
        foreach (var (key, value) in result.Values)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {value:R}"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary><c>../shared/data/course</c> next to the folder that holds Backprop.slnx.</summary>
    public static string CourseDataFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Backprop.slnx")))
            dir = dir.Parent;
        return Path.GetFullPath(Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "..", "shared", "data", "course"));
    }
}
