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

/// <summary>The constant 15.</summary>
internal readonly struct Tile15 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 15;
}

/// <summary>The constant 16.</summary>
internal readonly struct Tile16 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 16;
}

/// <summary>The constant 17.</summary>
internal readonly struct Tile17 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 17;
}

/// <summary>The constant 18.</summary>
internal readonly struct Tile18 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 18;
}

/// <summary>The constant 19.</summary>
internal readonly struct Tile19 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 19;
}

/// <summary>The constant 20.</summary>
internal readonly struct Tile20 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 20;
}

/// <summary>The constant 21.</summary>
internal readonly struct Tile21 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 21;
}

/// <summary>The constant 22.</summary>
internal readonly struct Tile22 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 22;
}

/// <summary>The constant 23.</summary>
internal readonly struct Tile23 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 23;
}

/// <summary>The constant 24.</summary>
internal readonly struct Tile24 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 24;
}

/// <summary>The constant 25.</summary>
internal readonly struct Tile25 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 25;
}

/// <summary>The constant 26.</summary>
internal readonly struct Tile26 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 26;
}

/// <summary>The constant 27.</summary>
internal readonly struct Tile27 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 27;
}

/// <summary>The constant 28.</summary>
internal readonly struct Tile28 : ITileSize
{
    /// <inheritdoc/>
    public static int Value => 28;
}
