using System.Collections;

namespace Backprop.Cli.Rendering;

/// <summary>
/// Model properties with one entry whose value is read when the properties are (when a checkpoint is written):
/// the checkpoints of <c>train</c> carry the history recorded up to their epoch without rebuilding the
/// properties after every epoch.
/// </summary>
/// <param name="properties">The fixed entries.</param>
/// <param name="key">The key of the entry computed on reading.</param>
/// <param name="value">Gives that entry's value at the time it is read.</param>
internal sealed class LiveProperties(IReadOnlyDictionary<string, string> properties, string key, Func<string> value) : IReadOnlyDictionary<string, string>
{
    public string this[string k] => TryGetValue(k, out string? v) ? v : throw new KeyNotFoundException($"No property '{k}'.");

    public IEnumerable<string> Keys => properties.Keys.Where(k => k != key).Append(key);

    public IEnumerable<string> Values => Keys.Select(k => this[k]);

    public int Count => properties.Count + (properties.ContainsKey(key) ? 0 : 1);

    public bool ContainsKey(string k) => k == key || properties.ContainsKey(k);

    public bool TryGetValue(string k, out string v)
    {
        if (k == key)
        {
            v = value();
            return true;
        }
        return properties.TryGetValue(k, out v!);
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Keys.Select(k => new KeyValuePair<string, string>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
