using System.Buffers.Binary;
using Google.Protobuf;

namespace Backprop.Tests.Serialization;

// An independent decoder for the exported bytes, written against the ONNX field numbers, so the tests
// check the wire format itself and not only what ONNX Runtime makes of it. It also evaluates the
// decoded graph in double precision, which checks the numbers when ONNX Runtime cannot load.

internal sealed record DecodedAttribute(string Name, int Type, float F, long I);

internal sealed record DecodedNode(string Name, string OpType, List<string> Inputs, List<string> Outputs, List<DecodedAttribute> Attributes)
{
    public DecodedAttribute Attribute(string name) => Attributes.Single(a => a.Name == name);
}

internal sealed record DecodedTensor(string Name, int DataType, List<long> Dims, float[] Data);

internal sealed record DecodedValueInfo(string Name, int ElementType, List<string> Dims);

internal sealed record DecodedGraph(string Name, List<DecodedNode> Nodes, List<DecodedTensor> Initializers, List<DecodedValueInfo> Inputs, List<DecodedValueInfo> Outputs);

internal sealed record DecodedModel(long IrVersion, string Producer, DecodedGraph Graph, List<(string Domain, long Version)> Opsets, Dictionary<string, string> Metadata);

internal static class OnnxTestReader
{
    public static DecodedModel ReadModel(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        long ir = 0;
        string producer = "";
        DecodedGraph? graph = null;
        var opsets = new List<(string, long)>();
        var metadata = new Dictionary<string, string>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: ir = input.ReadInt64(); break;
                case 2: producer = input.ReadString(); break;
                case 7: graph = ReadGraph(input.ReadBytes()); break;
                case 8: opsets.Add(ReadOpset(input.ReadBytes())); break;
                case 14:
                    var (key, value) = ReadEntry(input.ReadBytes());
                    metadata.Add(key, value);
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new DecodedModel(ir, producer, graph ?? throw new InvalidDataException("ModelProto without a graph."), opsets, metadata);
    }

    private static (string, long) ReadOpset(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string domain = "";
        long version = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: domain = input.ReadString(); break;
                case 2: version = input.ReadInt64(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (domain, version);
    }

    private static (string, string) ReadEntry(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string key = "", value = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2: value = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (key, value);
    }

    private static DecodedGraph ReadGraph(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var graph = new DecodedGraph("", [], [], [], []);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: graph.Nodes.Add(ReadNode(input.ReadBytes())); break;
                case 2: graph = graph with { Name = input.ReadString() }; break;
                case 5: graph.Initializers.Add(ReadTensor(input.ReadBytes())); break;
                case 11: graph.Inputs.Add(ReadValueInfo(input.ReadBytes())); break;
                case 12: graph.Outputs.Add(ReadValueInfo(input.ReadBytes())); break;
                default: input.SkipLastField(); break;
            }
        }
        return graph;
    }

    private static DecodedNode ReadNode(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var node = new DecodedNode("", "", [], [], []);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: node.Inputs.Add(input.ReadString()); break;
                case 2: node.Outputs.Add(input.ReadString()); break;
                case 3: node = node with { Name = input.ReadString() }; break;
                case 4: node = node with { OpType = input.ReadString() }; break;
                case 5: node.Attributes.Add(ReadAttribute(input.ReadBytes())); break;
                default: input.SkipLastField(); break;
            }
        }
        return node;
    }

    private static DecodedAttribute ReadAttribute(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var attribute = new DecodedAttribute("", 0, 0, 0);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: attribute = attribute with { Name = input.ReadString() }; break;
                case 2: attribute = attribute with { F = input.ReadFloat() }; break;
                case 3: attribute = attribute with { I = input.ReadInt64() }; break;
                case 20: attribute = attribute with { Type = input.ReadInt32() }; break;
                default: input.SkipLastField(); break;
            }
        }
        return attribute;
    }

    private static DecodedTensor ReadTensor(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string name = "";
        int dataType = 0;
        var dims = new List<long>();
        float[] data = [];
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: dims.Add(input.ReadInt64()); break;
                case 2: dataType = input.ReadInt32(); break;
                case 8: name = input.ReadString(); break;
                case 9:
                    byte[] raw = input.ReadBytes().ToByteArray();
                    data = new float[raw.Length / 4];
                    for (int i = 0; i < data.Length; i++)
                        data[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4 * i));
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new DecodedTensor(name, dataType, dims, data);
    }

    private static DecodedValueInfo ReadValueInfo(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        string name = "";
        int elementType = 0;
        var dims = new List<string>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = input.ReadString(); break;
                case 2:
                    // TypeProto.tensor_type (1) → Tensor { elem_type (1), shape (2) → dim (1) → value (1) | param (2) }.
                    var type = input.ReadBytes().CreateCodedInput();
                    Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited), type.ReadTag());
                    var tensor = type.ReadBytes().CreateCodedInput();
                    uint t;
                    while ((t = tensor.ReadTag()) != 0)
                    {
                        if (WireFormat.GetTagFieldNumber(t) == 1)
                        {
                            elementType = tensor.ReadInt32();
                            continue;
                        }
                        var shape = tensor.ReadBytes().CreateCodedInput();
                        while (shape.ReadTag() != 0)
                        {
                            var dim = shape.ReadBytes().CreateCodedInput();
                            uint d = dim.ReadTag();
                            dims.Add(WireFormat.GetTagFieldNumber(d) == 1 ? dim.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : dim.ReadString());
                        }
                    }
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new DecodedValueInfo(name, elementType, dims);
    }

    /// <summary>Runs the decoded graph on <paramref name="x"/> ([batch, n_x], row-major) in double; returns Y row-major.</summary>
    public static double[] Evaluate(DecodedGraph graph, float[] x, int batch)
    {
        var values = new Dictionary<string, (double[] Data, int Columns)>
        {
            [graph.Inputs[0].Name] = (x.Select(v => (double)v).ToArray(), x.Length / batch),
        };
        var tensors = graph.Initializers.ToDictionary(t => t.Name);
        foreach (var node in graph.Nodes)
        {
            var (a, n) = values[node.Inputs[0]];
            double[] result;
            int columns = n;
            switch (node.OpType)
            {
                case "Gemm":
                    Assert.Equal(1, node.Attribute("transB").I);
                    var w = tensors[node.Inputs[1]];
                    var b = tensors[node.Inputs[2]];
                    columns = (int)w.Dims[0];
                    result = new double[batch * columns];
                    for (int i = 0; i < batch; i++)
                        for (int r = 0; r < columns; r++)
                        {
                            double sum = b.Data[r];
                            for (int k = 0; k < n; k++)
                                sum += a[i * n + k] * w.Data[r * n + k];
                            result[i * columns + r] = sum;
                        }
                    break;
                case "Relu": result = a.Select(v => Math.Max(0, v)).ToArray(); break;
                case "Sigmoid": result = a.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(); break;
                case "Tanh": result = a.Select(Math.Tanh).ToArray(); break;
                case "LeakyRelu":
                    double alpha = node.Attribute("alpha").F;
                    result = a.Select(v => v > 0 ? v : alpha * v).ToArray();
                    break;
                case "Softmax":
                    Assert.Equal(1, node.Attribute("axis").I);
                    result = new double[a.Length];
                    for (int i = 0; i < batch; i++)
                    {
                        var row = a.AsSpan(i * n, n);
                        double max = row.ToArray().Max(), total = 0;
                        for (int c = 0; c < n; c++)
                            total += result[i * n + c] = Math.Exp(row[c] - max);
                        for (int c = 0; c < n; c++)
                            result[i * n + c] /= total;
                    }
                    break;
                case "BatchNormalization":
                    double epsilon = node.Attribute("epsilon").F;
                    var (gamma, beta, mean, variance) = (tensors[node.Inputs[1]], tensors[node.Inputs[2]], tensors[node.Inputs[3]], tensors[node.Inputs[4]]);
                    result = new double[a.Length];
                    for (int i = 0; i < batch; i++)
                        for (int c = 0; c < n; c++)
                            result[i * n + c] = (a[i * n + c] - mean.Data[c]) / Math.Sqrt(variance.Data[c] + epsilon) * gamma.Data[c] + beta.Data[c];
                    break;
                default:
                    throw new InvalidDataException($"Unexpected operator {node.OpType}.");
            }
            values[node.Outputs[0]] = (result, columns);
        }
        return values[graph.Outputs[0].Name].Data;
    }
}
