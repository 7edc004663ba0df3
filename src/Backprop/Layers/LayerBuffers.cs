using System.Numerics;
using Backprop.Tensors;

namespace Backprop.Layers;

/// <summary>Sizing of the per-batch buffers layers own.</summary>
internal static class LayerBuffers
{
    /// <summary>Gives <paramref name="buffer"/> the shape [rows, m], allocating only when the batch is larger than ever before.</summary>
    public static void Fit<T>(ref Matrix<T> buffer, int rows, int m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((long)rows * m > buffer.Capacity)
            buffer = new Matrix<T>(rows, m);
        else
            buffer.Reshape(rows, m);
    }
}
