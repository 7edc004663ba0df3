namespace Backprop.Data.Formats;

/// <summary>The element types <see cref="NpyFile"/> reads, named after NumPy's dtypes.</summary>
public enum NpyElementType
{
    /// <summary><c>bool</c>, one byte, 0 or 1 (<c>'|b1'</c>).</summary>
    Bool,

    /// <summary><c>uint8</c> (<c>'|u1'</c>).</summary>
    UInt8,

    /// <summary><c>int32</c> (<c>'&lt;i4'</c> or <c>'&gt;i4'</c>).</summary>
    Int32,

    /// <summary><c>int64</c> (<c>'&lt;i8'</c> or <c>'&gt;i8'</c>).</summary>
    Int64,

    /// <summary><c>float32</c> (<c>'&lt;f4'</c> or <c>'&gt;f4'</c>).</summary>
    Float32,

    /// <summary><c>float64</c> (<c>'&lt;f8'</c> or <c>'&gt;f8'</c>).</summary>
    Float64,
}
