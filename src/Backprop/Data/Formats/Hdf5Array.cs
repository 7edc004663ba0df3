using PureHDF;

namespace Backprop.Data.Formats;

/// <summary>
/// One HDF5 dataset as the readers see it: its key, its shape and its element type, described in
/// NumPy/h5py terms (<c>uint8 (209, 64, 64, 3)</c>) so that error messages match what a user sees in Python.
/// </summary>
internal sealed class Hdf5Array
{
    public Hdf5Array(string key, IH5Dataset handle, ulong[] dimensions, IH5DataType type)
    {
        Key = key;
        Handle = handle;
        Dimensions = dimensions;
        Type = type;
    }

    /// <summary>The key (link path) the dataset was opened with.</summary>
    public string Key { get; }

    /// <summary>The PureHDF dataset.</summary>
    public IH5Dataset Handle { get; }

    /// <summary>The dimensions, outermost first (C order); empty for a scalar.</summary>
    public ulong[] Dimensions { get; }

    /// <summary>The element type.</summary>
    public IH5DataType Type { get; }

    /// <summary>Whether the elements are integers of any width and sign.</summary>
    public bool IsInteger => Type.Class == H5DataTypeClass.FixedPoint;

    /// <summary>Whether the elements are unsigned bytes (NumPy <c>uint8</c>).</summary>
    public bool IsUInt8 => IsInteger && Type.Size == 1 && !Type.FixedPoint.IsSigned;

    /// <summary>Whether the elements are strings, fixed-length or variable-length.</summary>
    public bool IsString => Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength;

    /// <summary>
    /// The length when the shape is a vector, (n,), (n, 1) or (1, n); otherwise null. Label vectors come in
    /// all three shapes: h5py writes (m,), while a copy saved after the course's reshape holds (1, m) or (m, 1).
    /// </summary>
    public ulong? VectorLength => Dimensions switch
    {
        [var n] => n,
        [var n, 1] => n,
        [1, var n] => n,
        _ => null,
    };

    /// <summary>The shape as NumPy prints it: <c>(209,)</c>, <c>(209, 64, 64, 3)</c>, <c>()</c> for a scalar.</summary>
    public string ShapeText => Dimensions.Length == 1 ? $"({Dimensions[0]},)" : $"({string.Join(", ", Dimensions)})";

    /// <summary>The element type as NumPy names it where it can (<c>uint8</c>, <c>int64</c>, <c>float32</c>).</summary>
    public string TypeText => Type.Class switch
    {
        H5DataTypeClass.FixedPoint => $"{(Type.FixedPoint.IsSigned ? "int" : "uint")}{8 * Type.Size}",
        H5DataTypeClass.FloatingPoint => $"float{8 * Type.Size}",
        H5DataTypeClass.String => $"{Type.Size}-byte string",
        H5DataTypeClass.VariableLength => "variable-length",
        _ => Type.Class.ToString().ToLowerInvariant(),
    };

    /// <summary>Type and shape together, e.g. <c>int64 (209,)</c>.</summary>
    public string Description => $"{TypeText} {ShapeText}";
}
