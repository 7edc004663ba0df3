using System.CommandLine;
using Backprop.Serialization;
using Backprop.Serialization.Onnx;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop export MODEL --onnx FILE</c>: writes a model as ONNX (float32, opset 17), with its input normalization folded in.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var modelArgument = new Argument<FileInfo>("model") { Description = "A model file written by backprop train or ModelFile.Save." };
        var onnx = new Option<string>("--onnx") { Description = "The ONNX file to write.", Required = true };
        var command = new Command("export", "Export a model to ONNX.\n\nExample:\n  backprop export model.bpmodel --onnx model.onnx")
        {
            modelArgument, onnx,
        };
        command.SetAction(parse => Run(parse.GetValue(modelArgument)!, parse.GetValue(onnx)!, output));
        return command;
    }

    internal static int Run(FileInfo model, string onnxPath, TextWriter output)
    {
        var loaded = ModelFile.Load<float>(model.FullName);
        var names = loaded.ClassNames.Count == loaded.Network.OutputSize || (loaded.Network.OutputSize == 1 && loaded.ClassNames.Count == 2)
            ? loaded.ClassNames
            : null;
        OnnxExporter.Export(loaded.Network, onnxPath, loaded.Normalizer, names);
        output.WriteLine($"Wrote {Path.GetFullPath(onnxPath)} (input \"{OnnxExporter.InputName}\" [batch, {loaded.Network.InputSize}], output \"{OnnxExporter.OutputName}\" [batch, {loaded.Network.OutputSize}]).");
        return 0;
    }
}
