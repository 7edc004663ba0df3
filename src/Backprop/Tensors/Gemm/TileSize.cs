namespace Backprop.Tensors.Gemm;

/// <summary>
/// A compile-time integer. Micro-kernels take their row and vector counts as struct type
/// arguments implementing this, so the JIT specializes one body per tile shape: the guards on
/// <see cref="Value"/> fold away and unused accumulators never take a register.
/// </summary>
internal interface ITileSize
{
    /// <summary>The constant.</summary>
    static abstract int Value { get; }
}

/// <summary>The constant 1.</summary>
internal readonly struct Tile1 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 1;
}

/// <summary>The constant 2.</summary>
internal readonly struct Tile2 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 2;
}

/// <summary>The constant 3.</summary>
internal readonly struct Tile3 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 3;
}

/// <summary>The constant 4.</summary>
internal readonly struct Tile4 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 4;
}

/// <summary>The constant 5.</summary>
internal readonly struct Tile5 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 5;
}

/// <summary>The constant 6.</summary>
internal readonly struct Tile6 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 6;
}

/// <summary>The constant 7.</summary>
internal readonly struct Tile7 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 7;
}

/// <summary>The constant 8.</summary>
internal readonly struct Tile8 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 8;
}

/// <summary>The constant 9.</summary>
internal readonly struct Tile9 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 9;
}

/// <summary>The constant 10.</summary>
internal readonly struct Tile10 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 10;
}

/// <summary>The constant 11.</summary>
internal readonly struct Tile11 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 11;
}

/// <summary>The constant 12.</summary>
internal readonly struct Tile12 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 12;
}

/// <summary>The constant 13.</summary>
internal readonly struct Tile13 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 13;
}

/// <summary>The constant 14.</summary>
internal readonly struct Tile14 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 14;
}
