namespace Backprop.Tensors.Gemm;

/// <summary>How an operand of a matrix product is used: as stored, or transposed.</summary>
public enum MatrixOp
{
    /// <summary>Use the matrix as stored.</summary>
    None,

    /// <summary>Use the transpose of the matrix (without copying it).</summary>
    Transpose,
}
