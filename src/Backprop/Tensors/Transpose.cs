using System.Numerics;

namespace Backprop.Tensors;

/// <summary>Cache-blocked transposition of row-major data.</summary>
internal static class Transpose
{
    /// <summary>
    /// Tile side: a 32×32 tile of floats is 4 KiB on each side, so reads and writes both stay in L1 instead
    /// of touching a new cache line for every element written.
    /// </summary>
    private const int Tile = 32;

    /// <summary>destination[c, r] = source[r, c] for a [rows, columns] source and a [columns, rows] destination.</summary>
    public static void Blocked<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (source.Length < rows * columns || destination.Length < rows * columns)
            throw new ArgumentException($"A [{rows}, {columns}] transpose needs {rows * columns} elements on each side.");
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < columns; c0 += Tile)
            {
                int c1 = Math.Min(columns, c0 + Tile);
                for (int c = c0; c < c1; c++)
                {
                    Span<T> run = destination.Slice(c * rows + r0, r1 - r0);
                    for (int r = r0; r < r1; r++)
                        run[r - r0] = source[r * columns + c];
                }
            }
        }
    }
}
