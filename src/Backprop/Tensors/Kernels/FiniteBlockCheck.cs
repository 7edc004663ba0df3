using System.Numerics;
using Backprop.Tensors.Gemm;

namespace Backprop.Tensors.Kernels;

/// <summary>
/// A product epilogue that checks each finished block of C for NaN and infinities while the block is still in the
/// computing thread's caches: a gradient checked this way need not be read again by the trainer's divergence check.
/// </summary>
/// <remarks>Made once by its owner (a layer) and reused; <see cref="Start"/> before each product.</remarks>
internal sealed class FiniteBlockCheck<T> : IGemmEpilogue where T : unmanaged, IFloatingPointIeee754<T>
{
    private Matrix<T>? _target;
    private int _nonFinite;

    /// <summary>Whether every block given to <see cref="Apply"/> since <see cref="Start"/> was finite.</summary>
    public bool AllFinite => Volatile.Read(ref _nonFinite) == 0;

    /// <summary>Prepares to check the blocks of <paramref name="target"/>, C of the coming product.</summary>
    public void Start(Matrix<T> target)
    {
        _target = target;
        Volatile.Write(ref _nonFinite, 0);
    }

    /// <inheritdoc/>
    public void Apply(int m0, int m1, int n0, int n1)
    {
        var target = _target!;
        for (int r = m0; r < m1; r++)
        {
            if (!FiniteCheck.AllFinite<T>(target.Row(r)[n0..n1]))
            {
                Volatile.Write(ref _nonFinite, 1);
                return;
            }
        }
    }
}
