using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Tensors.Gemm;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, k-major micro-panels the micro-kernel
/// reads. Transposition is resolved here, so the kernel never sees a stride along k.
/// </summary>
/// <remarks>
/// A micro-panel holds <c>rows</c> rows of op(A) as <c>a[p·rows + r]</c>; a B micro-panel holds
/// <c>width</c> columns of op(B) as <c>b[p·width + j]</c>, padded past the real columns (with
/// zeros, or by a transposing pack with neighbouring rows of the operand) so the kernel can always
/// load whole vectors; padding lanes never reach C. When op(A) is A itself (rows contiguous along
/// k) and when op(B) is Bᵀ, the pack is a transpose; otherwise it is a row-by-row copy.
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs <paramref name="rows"/> × <paramref name="kc"/> of op(A) starting at
    /// <paramref name="a"/> (the address of op(A)[i, p]) into <paramref name="dst"/>;
    /// <paramref name="readableRows"/> is m − i.
    /// </summary>
    public static void PackA<T, TKernel>(bool transA, T* a, nint lda, int rows, int readableRows, int kc, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
    {
        if (transA)
            TKernel.PackRows(a, lda, rows, rows, kc, dst, rows);
        else
            TKernel.PackTransposed(a, lda, rows, readableRows, rows, kc, dst, rows);
    }

    /// <summary>
    /// Packs <paramref name="kc"/> × <paramref name="cols"/> of op(B) starting at
    /// <paramref name="b"/> (the address of op(B)[p, j]) into <paramref name="dst"/> with row
    /// width <paramref name="width"/>, padding columns <paramref name="cols"/> to
    /// <paramref name="width"/>; <paramref name="readableCols"/> is n − j.
    /// </summary>
    public static void PackB<T, TKernel>(bool transB, T* b, nint ldb, int cols, int readableCols, int width, int kc, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
    {
        if (transB)
            TKernel.PackTransposed(b, ldb, cols, readableCols, width, kc, dst, width);
        else
            TKernel.PackRows(b, ldb, cols, width, kc, dst, width);
    }

    /// <summary>
    /// Row-copy pack with <see cref="Vector128{T}"/> (see <see cref="IMicroKernel{T}.PackRows"/>):
    /// whole vectors while they fit, then element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyRows128<T>(T* src, nint ld, int count, int width, int kc, T* dst, int dstStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector128<T>.Count;
        for (int p = 0; p < kc; p++, src += ld, dst += dstStride)
        {
            int j = 0;
            for (; j + lanes <= count; j += lanes)
                Vector128.Load(src + j).Store(dst + j);
            for (; j < count; j++)
                dst[j] = src[j];
            for (; j < width; j++)
                dst[j] = T.Zero;
        }
    }

    /// <summary>The <see cref="Vector256{T}"/> counterpart of <see cref="CopyRows128"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyRows256<T>(T* src, nint ld, int count, int width, int kc, T* dst, int dstStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        for (int p = 0; p < kc; p++, src += ld, dst += dstStride)
        {
            int j = 0;
            for (; j + lanes <= count; j += lanes)
                Vector256.Load(src + j).Store(dst + j);
            for (; j < count; j++)
                dst[j] = src[j];
            for (; j < width; j++)
                dst[j] = T.Zero;
        }
    }

    /// <summary>
    /// Scalar transposing pack over <c>p0 ≤ p &lt; kc</c>:
    /// <c>dst[p·dstStride + r] = src[r·ld + p]</c> for <c>r &lt; rows</c>, zero for
    /// <c>rows ≤ r &lt; width</c>. The SIMD packs finish their tails with it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposeScalar<T>(T* src, nint ld, int rows, int width, int p0, int kc, T* dst, int dstStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = p0; p < kc; p++)
        {
            T* target = dst + (nint)p * dstStride;
            T* source = src + p;
            int r = 0;
            for (; r < rows; r++, source += ld)
                target[r] = *source;
            for (; r < width; r++)
                target[r] = T.Zero;
        }
    }
}
