using System.Buffers.Binary;
using System.Collections.ObjectModel;

namespace Backprop.Data.Formats;

/// <summary>
/// The contents of one IDX file: its element type, its dimensions (outermost first) and its data in C order.
/// </summary>
/// <remarks>
/// The data are kept exactly as stored, so an MNIST image file costs one byte per pixel; wider types are
/// decoded from big-endian on access. Every IDX element type converts to <see cref="double"/> without
/// rounding, which is why <see cref="this[int]"/> and <see cref="ToDoubles"/> serve all of them.
/// </remarks>
public sealed class IdxArray
{
    private readonly byte[] _data;

    internal IdxArray(string path, IdxElementType elementType, int[] dimensions, byte[] data)
    {
        Path = path;
        ElementType = elementType;
        Dimensions = new ReadOnlyCollection<int>(dimensions);
        _data = data;
        Length = data.Length / ElementSize(elementType);
    }

    /// <summary>The path the file was read from, as it appears in messages.</summary>
    public string Path { get; }

    /// <summary>The element type declared in the header.</summary>
    public IdxElementType ElementType { get; }

    /// <summary>The size of each dimension, outermost first: (count, rows, columns) for an image file.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Dimensions.Count;

    /// <summary>The number of elements: the product of the dimensions.</summary>
    public int Length { get; }

    /// <summary>
    /// The data section as stored in the file, in C order: for <see cref="IdxElementType.UInt8"/> these are
    /// the values themselves; wider types are big-endian, <see cref="ElementSize(IdxElementType)"/> bytes each.
    /// </summary>
    public ReadOnlySpan<byte> RawData => _data;

    /// <summary>Whether the elements are integers (of any width and sign) rather than floating-point numbers.</summary>
    public bool IsInteger => ElementType is not (IdxElementType.Float32 or IdxElementType.Float64);

    /// <summary>Element <paramref name="index"/> in C order, converted exactly to <see cref="double"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, <see cref="Length"/>).</exception>
    public double this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Length);
            return Decode(index);
        }
    }

    /// <summary>All elements in C order, converted exactly to <see cref="double"/>.</summary>
    public double[] ToDoubles()
    {
        var values = new double[Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = Decode(i);
        return values;
    }

    /// <summary>The shape as NumPy prints it: <c>(60000, 28, 28)</c>, or <c>(60000,)</c> for a vector.</summary>
    public string ShapeText => Rank == 1 ? $"({Dimensions[0]},)" : $"({string.Join(", ", Dimensions)})";

    /// <summary>The element type and shape, e.g. <c>uint8 (60000, 28, 28)</c>, as error messages show them.</summary>
    public string Description => $"{TypeName(ElementType)} {ShapeText}";

    /// <summary>The number of bytes one element of <paramref name="type"/> takes in a file.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not an IDX element type.</exception>
    public static int ElementSize(IdxElementType type) => type switch
    {
        IdxElementType.UInt8 or IdxElementType.Int8 => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Float32 => 4,
        IdxElementType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX element type."),
    };

    /// <inheritdoc/>
    public override string ToString() => $"IdxArray {Description} from '{Path}'";

    /// <summary>The NumPy name of an element type (<c>uint8</c>, <c>float32</c>), for messages.</summary>
    internal static string TypeName(IdxElementType type) => type switch
    {
        IdxElementType.UInt8 => "uint8",
        IdxElementType.Int8 => "int8",
        IdxElementType.Int16 => "int16",
        IdxElementType.Int32 => "int32",
        IdxElementType.Float32 => "float32",
        IdxElementType.Float64 => "float64",
        _ => $"type 0x{(byte)type:X2}",
    };

    private double Decode(int index) => ElementType switch
    {
        IdxElementType.UInt8 => _data[index],
        IdxElementType.Int8 => (sbyte)_data[index],
        IdxElementType.Int16 => BinaryPrimitives.ReadInt16BigEndian(_data.AsSpan(index * 2)),
        IdxElementType.Int32 => BinaryPrimitives.ReadInt32BigEndian(_data.AsSpan(index * 4)),
        IdxElementType.Float32 => BinaryPrimitives.ReadSingleBigEndian(_data.AsSpan(index * 4)),
        _ => BinaryPrimitives.ReadDoubleBigEndian(_data.AsSpan(index * 8)),
    };
}
