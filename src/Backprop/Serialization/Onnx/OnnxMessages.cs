using Google.Protobuf;

namespace Backprop.Serialization.Onnx;

// The subset of the ONNX protobuf messages the exporter writes, encoded by hand with
// CodedOutputStream. Field numbers and wire types follow the ONNX IR specification (onnx.proto is a
// proto2 file, so repeated integers are written unpacked, one tag per element, as its default).
// Only fields the exporter sets are modelled; absent optional fields are simply not written.

/// <summary>ONNX TensorProto.DataType values used by the exporter.</summary>
internal static class OnnxDataType
{
    /// <summary>FLOAT: IEEE 754 single precision.</summary>
    public const int Float = 1;
}

/// <summary>ONNX AttributeProto.AttributeType values used by the exporter.</summary>
internal static class OnnxAttributeType
{
    /// <summary>A single float, in field <c>f</c>.</summary>
    public const int Float = 1;

    /// <summary>A single int64, in field <c>i</c>.</summary>
    public const int Int = 2;
}

/// <summary>Encoding helpers shared by the message types.</summary>
internal static class OnnxWire
{
    public static void WriteInt64(CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    public static void WriteInt32(CodedOutputStream output, int field, int value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt32(value);
    }

    public static void WriteFloat(CodedOutputStream output, int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
    }

    public static void WriteString(CodedOutputStream output, int field, string? value)
    {
        // proto2 optional strings: absent when null, so readers see the field as unset.
        if (value is null)
            return;
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    public static void WriteBytes(CodedOutputStream output, int field, ReadOnlyMemory<byte> value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    /// <summary>Writes an embedded message: its encoding, length-prefixed, under <paramref name="field"/>.</summary>
    public static void WriteMessage(CodedOutputStream output, int field, Action<CodedOutputStream> write)
    {
        // Encoding the child into its own buffer first gives the length prefix without a separate
        // size pass over every message type; the models are small enough for the extra copy.
        using var buffer = new MemoryStream();
        using (var inner = new CodedOutputStream(buffer, leaveOpen: true))
            write(inner);
        WriteBytes(output, field, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}

/// <summary>ONNX OperatorSetIdProto: domain = 1, version = 2.</summary>
internal sealed record OnnxOperatorSetId(string Domain, long Version)
{
    public void WriteTo(CodedOutputStream output)
    {
        OnnxWire.WriteString(output, 1, Domain);
        OnnxWire.WriteInt64(output, 2, Version);
    }
}

/// <summary>ONNX StringStringEntryProto: key = 1, value = 2.</summary>
internal sealed record OnnxStringEntry(string Key, string Value)
{
    public void WriteTo(CodedOutputStream output)
    {
        OnnxWire.WriteString(output, 1, Key);
        OnnxWire.WriteString(output, 2, Value);
    }
}

/// <summary>ONNX TensorShapeProto.Dimension: dim_value = 1 (int64) or dim_param = 2 (string), a oneof.</summary>
internal sealed record OnnxDimension(long? Value, string? Parameter)
{
    public void WriteTo(CodedOutputStream output)
    {
        if (Value is long value)
            OnnxWire.WriteInt64(output, 1, value);
        else
            OnnxWire.WriteString(output, 2, Parameter);
    }
}

/// <summary>
/// ONNX ValueInfoProto (name = 1, type = 2) holding a TypeProto whose tensor_type (field 1) is a
/// TypeProto.Tensor (elem_type = 1, shape = 2) with a TensorShapeProto (dim = 1, repeated).
/// </summary>
internal sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<OnnxDimension> Shape)
{
    public void WriteTo(CodedOutputStream output)
    {
        OnnxWire.WriteString(output, 1, Name);
        OnnxWire.WriteMessage(output, 2, type =>
            OnnxWire.WriteMessage(type, 1, tensor =>
            {
                OnnxWire.WriteInt32(tensor, 1, ElementType);
                OnnxWire.WriteMessage(tensor, 2, shape =>
                {
                    foreach (var dimension in Shape)
                        OnnxWire.WriteMessage(shape, 1, dimension.WriteTo);
                });
            }));
    }
}

/// <summary>ONNX TensorProto for a float tensor: dims = 1 (repeated int64), data_type = 2, name = 8, raw_data = 9 (little-endian).</summary>
internal sealed record OnnxTensor(string Name, IReadOnlyList<long> Dimensions, float[] Data)
{
    public void WriteTo(CodedOutputStream output)
    {
        foreach (long dimension in Dimensions)
            OnnxWire.WriteInt64(output, 1, dimension);
        OnnxWire.WriteInt32(output, 2, OnnxDataType.Float);
        OnnxWire.WriteString(output, 8, Name);
        // raw_data is little-endian by specification, whatever the host's byte order.
        var raw = new byte[Data.Length * sizeof(float)];
        for (int i = 0; i < Data.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), Data[i]);
        OnnxWire.WriteBytes(output, 9, raw);
    }
}

/// <summary>ONNX AttributeProto, float or int64 only: name = 1, f = 2, i = 3, type = 20.</summary>
internal sealed record OnnxAttribute(string Name, int Type, float FloatValue = 0, long IntValue = 0)
{
    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeType.Float, FloatValue: value);

    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeType.Int, IntValue: value);

    public void WriteTo(CodedOutputStream output)
    {
        OnnxWire.WriteString(output, 1, Name);
        if (Type == OnnxAttributeType.Float)
            OnnxWire.WriteFloat(output, 2, FloatValue);
        else
            OnnxWire.WriteInt64(output, 3, IntValue);
        OnnxWire.WriteInt32(output, 20, Type);
    }
}

/// <summary>ONNX NodeProto: input = 1, output = 2 (repeated strings), name = 3, op_type = 4, attribute = 5.</summary>
internal sealed record OnnxNode(string Name, string OperatorType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes)
{
    public void WriteTo(CodedOutputStream output)
    {
        foreach (string input in Inputs)
            OnnxWire.WriteString(output, 1, input);
        foreach (string result in Outputs)
            OnnxWire.WriteString(output, 2, result);
        OnnxWire.WriteString(output, 3, Name);
        OnnxWire.WriteString(output, 4, OperatorType);
        foreach (var attribute in Attributes)
            OnnxWire.WriteMessage(output, 5, attribute.WriteTo);
    }
}

/// <summary>ONNX GraphProto: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11, output = 12.</summary>
internal sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    string? DocString)
{
    public void WriteTo(CodedOutputStream output)
    {
        foreach (var node in Nodes)
            OnnxWire.WriteMessage(output, 1, node.WriteTo);
        OnnxWire.WriteString(output, 2, Name);
        foreach (var tensor in Initializers)
            OnnxWire.WriteMessage(output, 5, tensor.WriteTo);
        OnnxWire.WriteString(output, 10, DocString);
        foreach (var input in Inputs)
            OnnxWire.WriteMessage(output, 11, input.WriteTo);
        foreach (var result in Outputs)
            OnnxWire.WriteMessage(output, 12, result.WriteTo);
    }
}

/// <summary>
/// ONNX ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, graph = 7,
/// opset_import = 8, metadata_props = 14.
/// </summary>
internal sealed record OnnxModel(
    long IrVersion,
    string ProducerName,
    string ProducerVersion,
    OnnxGraph Graph,
    IReadOnlyList<OnnxOperatorSetId> OperatorSets,
    IReadOnlyList<OnnxStringEntry> Metadata)
{
    public void WriteTo(CodedOutputStream output)
    {
        OnnxWire.WriteInt64(output, 1, IrVersion);
        OnnxWire.WriteString(output, 2, ProducerName);
        OnnxWire.WriteString(output, 3, ProducerVersion);
        OnnxWire.WriteMessage(output, 7, Graph.WriteTo);
        foreach (var operatorSet in OperatorSets)
            OnnxWire.WriteMessage(output, 8, operatorSet.WriteTo);
        foreach (var entry in Metadata)
            OnnxWire.WriteMessage(output, 14, entry.WriteTo);
    }
}
