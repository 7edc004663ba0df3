namespace Backprop.Tensors.Gemm;

/// <summary>
/// Element-wise work on a finished block of C, run by the thread that computed the block right after computing it,
/// while the block is still in that core's caches and without a hand-off of its own (a dense layer's bias and
/// activation after Z = W·A).
/// </summary>
/// <remarks>
/// The blocks of one product do not overlap and together cover C, but how C is cut depends on the thread count, so
/// the work must give the same result for an element whichever block it falls in.
/// </remarks>
internal interface IGemmEpilogue
{
    /// <summary>Processes rows [<paramref name="m0"/>, <paramref name="m1"/>) × columns [<paramref name="n0"/>, <paramref name="n1"/>) of C, all final.</summary>
    void Apply(int m0, int m1, int n0, int n1);
}
