using Backprop.Samples;
using Backprop.Samples.Course1;

// Reproduces Course 1 of the Deep Learning Specialization.
//   dotnet run --project samples/Course1 -c Release -- [--json] [--data DIR] [--only PREFIX] [--list]
return ExperimentRunner.Run("Course1", args, Course1Experiments.All);
