using System.Globalization;
using System.Reflection;
using System.Runtime.Intrinsics;
using System.Text.Json;
using Backprop.Benchmarks;

// Runs one workload of ../shared/bench/WORKLOADS.md and prints its JSON line on stdout (nothing else).
//   Backprop.Benchmarks W1|W2|W3|W4|W5 [--iters N] [--epochs N] [--seed N] [--data DIR]

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Backprop.Benchmarks W1|W2|W3|W4|W5 [--iters N] [--epochs N] [--seed N] [--data DIR]");
    return 2;
}
string workload = args[0].ToUpperInvariant();
int? iterations = null, epochs = null;
ulong seed = 1;
string data = Environment.GetEnvironmentVariable("BACKPROP_COURSE_DATA") ?? DefaultCourseData();
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iters" when i + 1 < args.Length: iterations = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--epochs" when i + 1 < args.Length: epochs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed" when i + 1 < args.Length: seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--data" when i + 1 < args.Length: data = args[++i]; break;
        default: Console.Error.WriteLine($"Unknown argument '{args[i]}'."); return 2;
    }
}

Dictionary<string, object?> result;
switch (workload)
{
    case "W1":
        result = W1CatDeep.Run(iterations ?? 2500, data);
        break;
    case "W2" or "W3":
        result = FashionWorkloads.Run(workload, epochs ?? 5, seed);
        break;
    case "W4":
        result = W4MoonsTiny.Run(epochs ?? 10000, data);
        break;
    case "W5":
        result = W5Gemm.Run(seed);
        break;
    default:
        Console.Error.WriteLine($"Unknown workload {workload} (W1 to W5).");
        return 2;
}

var line = new Dictionary<string, object?>
{
    ["peer"] = "backprop",
    ["version"] = typeof(Backprop.Layers.Network<>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0],
    ["threads"] = Environment.ProcessorCount,
    ["dtype"] = "float32",
    ["blas"] = $"Backprop managed GEMM ({(Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "portable")})",
    ["host"] = Environment.MachineName,
    ["utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
};
foreach (var (key, value) in result)
    line[key] = value;
Console.WriteLine(JsonSerializer.Serialize(line));
return 0;

static string DefaultCourseData()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Backprop.slnx")))
        dir = dir.Parent;
    return Path.GetFullPath(Path.Combine(dir?.FullName ?? ".", "..", "shared", "data", "course"));
}
