namespace Backprop.Randomness;

/// <summary>
/// A random source whose complete internal state can be saved and later restored, so that a resumed
/// training run draws exactly the numbers the uninterrupted run would have drawn (training checkpoints).
/// </summary>
/// <remarks>
/// The state is an opaque, self-describing byte string: its first byte names the generator kind, so a
/// <see cref="NumPyRandom"/> state is rejected by a <see cref="FastRandom"/> and vice versa. It includes
/// any cached second Gaussian of the polar method, without which the next normal draw would differ.
/// </remarks>
public interface IRestorableRandom : IRandomSource
{
    /// <summary>The generator's complete state; restoring it continues the stream from this point.</summary>
    byte[] SaveState();

    /// <summary>Puts the generator back in a state returned by <see cref="SaveState"/> of a generator of the same kind.</summary>
    /// <exception cref="ArgumentException">The bytes are not a state of this kind of generator (wrong kind byte or length).</exception>
    void RestoreState(ReadOnlySpan<byte> state);
}

/// <summary>Creates a generator from a saved state of either kind.</summary>
public static class RandomState
{
    /// <summary>Kind byte of a <see cref="FastRandom"/> state.</summary>
    internal const byte FastKind = 1;

    /// <summary>Kind byte of a <see cref="NumPyRandom"/> state.</summary>
    internal const byte NumPyKind = 2;

    /// <summary>A new generator of the kind <paramref name="state"/> names, in that state.</summary>
    /// <exception cref="ArgumentException">The state is empty, of an unknown kind, or malformed.</exception>
    public static IRestorableRandom Restore(ReadOnlySpan<byte> state)
    {
        IRestorableRandom random = state.IsEmpty ? throw new ArgumentException("The random-generator state is empty.", nameof(state))
            : state[0] switch
            {
                FastKind => new FastRandom(0),
                NumPyKind => new NumPyRandom(0),
                _ => throw new ArgumentException($"Unknown random-generator kind {state[0]} in a saved state (expected {FastKind}: FastRandom or {NumPyKind}: NumPyRandom).", nameof(state)),
            };
        random.RestoreState(state);
        return random;
    }

    /// <summary>Checks the kind byte and length of a saved state before it is decoded.</summary>
    internal static void Check(ReadOnlySpan<byte> state, byte kind, int length, string generator)
    {
        if (state.Length != length || state[0] != kind)
            throw new ArgumentException($"Not a saved {generator} state: expected {length} bytes starting with kind {kind}, got {state.Length} bytes{(state.IsEmpty ? "" : $" starting with kind {state[0]}")}.", nameof(state));
    }
}
