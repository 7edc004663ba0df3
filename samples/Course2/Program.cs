using Backprop.Samples;
using Backprop.Samples.Course2;

// Reproduces Course 2 of the Deep Learning Specialization ("Improving Deep Neural Networks").
//   dotnet run --project samples/Course2 -c Release -- [--json] [--data DIR] [--only PREFIX] [--list]
return ExperimentRunner.Run("Course2", args, Course2Experiments.All);
