using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Data.Formats;

/// <summary>
/// One array read from a NumPy <c>.npy</c> file (or an <c>.npz</c> member): its element type, its shape and its
/// values in C order (the last dimension varies fastest), whatever order the file stored them in.
/// </summary>
/// <remarks>
/// The values are kept as little-endian bytes of the stored type, so a uint8 image array costs one byte per
/// pixel; they are converted on access.
/// </remarks>
public sealed class NpyArray
{
    private readonly byte[] _data;

    internal NpyArray(string source, NpyElementType elementType, int[] shape, byte[] data)
    {
        Source = source;
        ElementType = elementType;
        Shape = new ReadOnlyCollection<int>(shape);
        _data = data;
        Length = data.Length / ElementSize(elementType);
    }

    /// <summary>Where the array was read from, as messages name it: the file, and for an <c>.npz</c> the member.</summary>
    public string Source { get; }

    /// <summary>The element type of the stored values.</summary>
    public NpyElementType ElementType { get; }

    /// <summary>The size of each dimension, outermost first; empty for a scalar (0-d array).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of dimensions (0 to <see cref="NpyFile.MaxDimensions"/>).</summary>
    public int Rank => Shape.Count;

    /// <summary>The number of elements: the product of the shape (1 for a scalar).</summary>
    public int Length { get; }

    /// <summary>The values as doubles, in C order. Exact for every type except int64 beyond ±2^53.</summary>
    public double[] ToDoubles()
    {
        var result = new double[Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = ValueAt(i);
        return result;
    }

    /// <summary>The values as floats, in C order, each rounded to the nearest float.</summary>
    public float[] ToSingles()
    {
        var result = new float[Length];
        if (ElementType == NpyElementType.Float32)
        {
            // Direct, so a float32 file reads back bit for bit, NaN payloads included.
            for (int i = 0; i < result.Length; i++)
                result[i] = BinaryPrimitives.ReadSingleLittleEndian(_data.AsSpan(4 * i));
            return result;
        }
        for (int i = 0; i < result.Length; i++)
            result[i] = (float)ValueAt(i);
        return result;
    }

    /// <summary>The values as 64-bit integers, in C order, for the integer and bool types.</summary>
    /// <exception cref="InvalidOperationException">The array holds floating-point values.</exception>
    public long[] ToInt64s()
    {
        if (ElementType is NpyElementType.Float32 or NpyElementType.Float64)
            throw new InvalidOperationException($"{Source} holds {TypeName(ElementType)} values; integer values need an integer or bool array.");
        var result = new long[Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = ElementType switch
            {
                NpyElementType.Bool or NpyElementType.UInt8 => _data[i],
                NpyElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(4 * i)),
                _ => BinaryPrimitives.ReadInt64LittleEndian(_data.AsSpan(8 * i)),
            };
        return result;
    }

    /// <summary>
    /// A 2-D array as a matrix: [Shape[0], Shape[1]], or with <paramref name="transpose"/> [Shape[1], Shape[0]],
    /// which turns an array stored one example per row (NumPy's usual layout) into the course's one example per column.
    /// </summary>
    /// <typeparam name="T">The element type; values are converted with <c>T.CreateTruncating</c> from double.</typeparam>
    /// <param name="transpose">Whether to transpose the array.</param>
    /// <exception cref="InvalidDataException">The array does not have exactly 2 dimensions.</exception>
    public Matrix<T> ToMatrix<T>(bool transpose = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Rank != 2)
            throw new InvalidDataException($"{Source} holds an array of shape {ShapeText}; a matrix needs exactly 2 dimensions.");
        int rows = Shape[0], columns = Shape[1];
        var matrix = transpose ? new Matrix<T>(columns, rows) : new Matrix<T>(rows, columns);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                T value = T.CreateTruncating(ValueAt(r * columns + c));
                if (transpose)
                    matrix[c, r] = value;
                else
                    matrix[r, c] = value;
            }
        return matrix;
    }

    /// <summary>The shape as NumPy prints it, e.g. <c>(3, 4)</c>, <c>(5,)</c> or <c>()</c>.</summary>
    public string ShapeText => Rank == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <inheritdoc/>
    public override string ToString() => $"NpyArray({TypeName(ElementType)} {ShapeText})";

    internal static int ElementSize(NpyElementType type) => type switch
    {
        NpyElementType.Bool or NpyElementType.UInt8 => 1,
        NpyElementType.Int32 or NpyElementType.Float32 => 4,
        _ => 8,
    };

    internal static string TypeName(NpyElementType type) => type switch
    {
        NpyElementType.Bool => "bool",
        NpyElementType.UInt8 => "uint8",
        NpyElementType.Int32 => "int32",
        NpyElementType.Int64 => "int64",
        NpyElementType.Float32 => "float32",
        _ => "float64",
    };

    private double ValueAt(int i) => ElementType switch
    {
        NpyElementType.Bool or NpyElementType.UInt8 => _data[i],
        NpyElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(4 * i)),
        NpyElementType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(_data.AsSpan(8 * i)),
        NpyElementType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(_data.AsSpan(4 * i)),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(_data.AsSpan(8 * i)),
    };
}
