namespace Backprop.Data.Formats;

/// <summary>The element types an IDX file can declare, by their type code (the third byte of the file).</summary>
public enum IdxElementType : byte
{
    /// <summary>Unsigned 8-bit integers (code 0x08), as in the MNIST and Fashion-MNIST files.</summary>
    UInt8 = 0x08,

    /// <summary>Signed 8-bit integers (code 0x09).</summary>
    Int8 = 0x09,

    /// <summary>Big-endian signed 16-bit integers (code 0x0B).</summary>
    Int16 = 0x0B,

    /// <summary>Big-endian signed 32-bit integers (code 0x0C).</summary>
    Int32 = 0x0C,

    /// <summary>Big-endian IEEE 754 single-precision numbers (code 0x0D).</summary>
    Float32 = 0x0D,

    /// <summary>Big-endian IEEE 754 double-precision numbers (code 0x0E).</summary>
    Float64 = 0x0E,
}
