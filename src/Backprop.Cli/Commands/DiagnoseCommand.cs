using System.CommandLine;
using System.Text.Json;
using Backprop.Diagnostics;

namespace Backprop.Cli.Commands;

/// <summary>
/// <c>backprop diagnose</c>: the course's bias/variance analysis from a ladder of error rates — avoidable
/// bias, variance, data mismatch and overfitting to dev — naming the dominant problem and its recipe.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var human = new Option<double>("--human") { Description = "Human-level error (a proxy for Bayes error), a fraction in [0, 1].", Required = true };
        var train = new Option<double>("--train") { Description = "Training-set error.", Required = true };
        var trainDev = new Option<double?>("--train-dev") { Description = "Train-dev error (training distribution, not trained on)." };
        var dev = new Option<double>("--dev") { Description = "Dev-set error.", Required = true };
        var test = new Option<double?>("--test") { Description = "Test-set error." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout." };
        var command = new Command("diagnose", "Diagnose bias, variance, data mismatch and dev overfitting from error rates.\n\nExample:\n  backprop diagnose --human 0.01 --train 0.08 --train-dev 0.10 --dev 0.12")
        {
            human, train, trainDev, dev, test, json,
        };
        command.SetAction(parse => Run(parse.GetValue(human), parse.GetValue(train), parse.GetValue(trainDev), parse.GetValue(dev), parse.GetValue(test), parse.GetValue(json), output));
        return command;
    }

    internal static int Run(double human, double train, double? trainDev, double dev, double? test, bool json, TextWriter output)
    {
        var diagnosis = BiasVarianceDiagnosis.Diagnose(human, train, dev, trainDev, test);
        if (!json)
        {
            output.WriteLine(diagnosis.ToString());
            return 0;
        }
        output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["avoidable_bias"] = diagnosis.AvoidableBias,
            ["variance"] = diagnosis.Variance,
            ["data_mismatch"] = diagnosis.DataMismatch,
            ["dev_overfitting"] = diagnosis.DevOverfitting,
            ["dominant"] = diagnosis.Dominant.ToString(),
            ["recipe"] = diagnosis.Recipe,
        }));
        return 0;
    }
}
