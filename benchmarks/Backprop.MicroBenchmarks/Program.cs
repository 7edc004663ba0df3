using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project benchmarks/Backprop.MicroBenchmarks -- --filter '*'
// One class: ... -- --filter '*GemmShapes*'. Results go to BenchmarkDotNet.Artifacts/.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
