using System.Numerics;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// One instruction-set path of the GEMM: the register-blocked micro-kernel and the packing
/// routine that feeds it. The blocked driver is generic over this interface, so every path is
/// specialized by the JIT with no virtual calls.
/// </summary>
/// <remarks>
/// A micro-kernel computes a tile of C of up to <see cref="MaxRows"/> rows and one or two vectors
/// (<see cref="Lanes"/> elements each) of columns, as a sum of rank-1 updates over the k
/// dimension. Each element of C sees the same sequence of fused multiply-adds whatever the tile
/// shape, the path or the thread that computes it, which is what makes results bit-identical
/// across thread counts.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal unsafe interface IMicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements per vector register.</summary>
    static abstract int Lanes { get; }

    /// <summary>The most rows of C one kernel call computes (the register tile height, MR).</summary>
    static abstract int MaxRows { get; }

    /// <summary>
    /// Computes a <paramref name="rows"/> × (<paramref name="vectors"/>·<see cref="Lanes"/>) tile:
    /// <c>C = α·Σₚ a[p]·b[p] + β·C</c>, or <c>C = α·Σₚ a[p]·b[p]</c> without reading C when
    /// <paramref name="accumulate"/> is false.
    /// </summary>
    /// <param name="rows">Tile height, 1 to <see cref="MaxRows"/>.</param>
    /// <param name="vectors">Tile width in vectors, 1 or 2.</param>
    /// <param name="kc">Depth of the sum.</param>
    /// <param name="a">Packed A: element (r, p) at <c>a[p·rows + r]</c>.</param>
    /// <param name="b">B rows: element (p, j) at <c>b[p·ldb + j]</c>.</param>
    /// <param name="ldb">Distance between consecutive B rows.</param>
    /// <param name="c">Top-left element of the C tile.</param>
    /// <param name="ldc">Distance between consecutive C rows.</param>
    /// <param name="alpha">α.</param>
    /// <param name="beta">β; unused unless <paramref name="accumulate"/>.</param>
    /// <param name="accumulate">Whether to add β·C to the result.</param>
    static abstract void Run(int rows, int vectors, int kc, T* a, T* b, nint ldb, T* c, nint ldc, T alpha, T beta, bool accumulate);

    /// <summary>
    /// Transposing pack: <c>dst[p·dstStride + r] = src[r·ld + p]</c> for <c>r &lt; rows</c>, over
    /// <c>p &lt; kc</c>. Slots <c>rows ≤ r &lt; width</c> receive padding the kernel never lets reach
    /// C: zero, or values from rows up to <paramref name="readableRows"/>, which may be read.
    /// May write up to <see cref="Lanes"/> elements past the last packed element; later packs
    /// overwrite them.
    /// </summary>
    /// <param name="src">op(·)[first row, first p] of the operand being packed.</param>
    /// <param name="ld">Distance between the source rows.</param>
    /// <param name="rows">Rows to pack.</param>
    /// <param name="readableRows">Rows from <paramref name="src"/> to the end of the operand (≥ <paramref name="rows"/>).</param>
    /// <param name="width">Slots per packed row, at least <paramref name="rows"/>.</param>
    /// <param name="kc">Elements per source row to pack.</param>
    /// <param name="dst">Destination.</param>
    /// <param name="dstStride">Distance between packed rows, at least <paramref name="width"/>.</param>
    static abstract void PackTransposed(T* src, nint ld, int rows, int readableRows, int width, int kc, T* dst, int dstStride);

    /// <summary>
    /// Row-copy pack: <c>dst[p·dstStride + j] = src[p·ld + j]</c> for <c>j &lt; count</c> and zero for
    /// <c>count ≤ j &lt; width</c>, over <c>p &lt; kc</c>. Reads nothing past <c>count</c>; may write up
    /// to <see cref="Lanes"/> elements past <c>width</c>, which later rows or packs overwrite.
    /// </summary>
    static abstract void PackRows(T* src, nint ld, int count, int width, int kc, T* dst, int dstStride);
}
