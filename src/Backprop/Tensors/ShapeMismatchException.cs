using System.Numerics;

namespace Backprop.Tensors;

/// <summary>
/// Thrown when two matrices that must agree in shape do not. The message names what was being done
/// (for example the layer and the tensor) and both shapes.
/// </summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception with a message that already names the context and both shapes.</summary>
    public ShapeMismatchException(string message) : base(message) { }

    /// <summary>Throws unless <paramref name="actual"/> has exactly the shape of <paramref name="expected"/>.</summary>
    public static void ThrowIfDifferent<T>(Matrix<T> expected, Matrix<T> actual, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (expected.Rows != actual.Rows || expected.Columns != actual.Columns)
            throw new ShapeMismatchException($"Shape mismatch for {what}: expected {expected.ShapeText}, got {actual.ShapeText}.");
    }

    /// <summary>Throws unless <paramref name="actual"/> is <paramref name="rows"/> × <paramref name="columns"/>.</summary>
    public static void ThrowIfNot<T>(Matrix<T> actual, int rows, int columns, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (actual.Rows != rows || actual.Columns != columns)
            throw new ShapeMismatchException($"Shape mismatch for {what}: expected [{rows}, {columns}], got {actual.ShapeText}.");
    }
}
