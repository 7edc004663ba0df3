using System.Globalization;

namespace Backprop.Tuning;

/// <summary>
/// One point of a search: an id, the seed it was drawn with (also a good seed for the trial's own
/// weights and shuffles), its round, and its hyperparameter values read by name.
/// </summary>
/// <remarks>
/// Values are typed by scale: <see cref="double"/> for uniform, log-uniform and 1 − β scales,
/// <see cref="int"/> for integer ranges and <see cref="string"/> for choices.
/// </remarks>
public sealed class Trial
{
    internal Trial(int id, ulong seed, int round, IReadOnlyDictionary<string, object> values)
    {
        Id = id;
        Seed = seed;
        Round = round;
        Values = values;
    }

    /// <summary>The trial's id, unique within its search (also its index in the seed derivation).</summary>
    public int Id { get; }

    /// <summary>The seed the values were drawn with; derived from the search seed and <see cref="Id"/>.</summary>
    public ulong Seed { get; }

    /// <summary>The coarse-to-fine round (0-based) the trial belongs to.</summary>
    public int Round { get; }

    /// <summary>The values by parameter name.</summary>
    public IReadOnlyDictionary<string, object> Values { get; }

    /// <summary>The value of <paramref name="name"/> as <typeparamref name="T"/>; an integer may be read as a double.</summary>
    /// <exception cref="KeyNotFoundException">The trial has no such parameter.</exception>
    /// <exception cref="InvalidCastException">The value is of another type.</exception>
    public T Get<T>(string name)
    {
        object value = Raw(name);
        if (value is T typed)
            return typed;
        if (typeof(T) == typeof(double) && value is int whole)
            return (T)(object)(double)whole;
        throw new InvalidCastException($"Parameter '{name}' holds a {value.GetType().Name} ({value}), not a {typeof(T).Name}.");
    }

    /// <summary>A real (or integer) parameter's value.</summary>
    /// <exception cref="KeyNotFoundException">The trial has no such parameter.</exception>
    /// <exception cref="InvalidCastException">The value is a choice.</exception>
    public double GetDouble(string name) => Get<double>(name);

    /// <summary>An integer parameter's value.</summary>
    /// <exception cref="KeyNotFoundException">The trial has no such parameter.</exception>
    /// <exception cref="InvalidCastException">The value is not an integer.</exception>
    public int GetInt(string name) => Get<int>(name);

    /// <summary>A choice parameter's value.</summary>
    /// <exception cref="KeyNotFoundException">The trial has no such parameter.</exception>
    /// <exception cref="InvalidCastException">The value is not a choice.</exception>
    public string GetString(string name) => Get<string>(name);

    /// <summary>
    /// The seed of trial <paramref name="index"/> in a search seeded with <paramref name="searchSeed"/>:
    /// both are mixed through the SplitMix64 finalizer, so neighbouring indices and seeds give unrelated streams.
    /// </summary>
    public static ulong SeedFor(ulong searchSeed, int index)
    {
        // Arithmetic modulo 2^64 is the point of the mixer, so overflow wraps on purpose.
        unchecked
        {
            ulong z = Mix(searchSeed + 0x9E3779B97F4A7C15UL) ^ ((ulong)index * 0xD1B54A32D192ED03UL);
            return Mix(z + 0x9E3779B97F4A7C15UL);
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"Trial {Id} (round {Round}): {string.Join(", ", Values.Select(kv => $"{kv.Key}={FormatValue(kv.Value)}"))}";

    internal static string FormatValue(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private object Raw(string name) => Values.TryGetValue(name, out var value) ? value
        : throw new KeyNotFoundException($"Trial {Id} has no parameter '{name}'; it has {string.Join(", ", Values.Keys)}.");

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
