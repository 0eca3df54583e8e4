using System.Collections.Concurrent;

namespace CheckpointIoT.Gateway.Metrics;

/// <summary>
/// Counters sharing one name and one label dimension, e.g. rejected_payloads_total{reason="truncated"}.
/// Looking up an existing label value is a lock-free dictionary read; keep the returned
/// <see cref="Counter"/> on hot paths. Label values must come from code, never from payloads: past
/// <see cref="MaxLabelValues"/> distinct values, new ones are counted under <see cref="OverflowLabelValue"/>.
/// </summary>
public sealed class CounterFamily
{
    public const string OverflowLabelValue = "_other";

    private readonly ConcurrentDictionary<string, Counter> _children = new(StringComparer.Ordinal);
    private int _childCount;

    internal CounterFamily(string labelName, int maxLabelValues)
    {
        LabelName = labelName;
        MaxLabelValues = maxLabelValues;
    }

    public string LabelName { get; }

    public int MaxLabelValues { get; }

    /// <summary>The counter for <paramref name="labelValue"/>, created at zero on first use.</summary>
    public Counter WithLabel(string labelValue)
    {
        ArgumentNullException.ThrowIfNull(labelValue);
        if (_children.TryGetValue(labelValue, out var counter))
        {
            return counter;
        }

        if (Volatile.Read(ref _childCount) >= MaxLabelValues)
        {
            return _children.GetOrAdd(OverflowLabelValue, static _ => new Counter());
        }

        var created = new Counter();
        if (_children.TryAdd(labelValue, created))
        {
            Interlocked.Increment(ref _childCount);
            return created;
        }

        return _children[labelValue];
    }

    /// <summary>Label value and counter pairs in ordinal order of the value.</summary>
    public IReadOnlyList<KeyValuePair<string, Counter>> Snapshot()
    {
        var items = _children.ToArray();
        Array.Sort(items, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return items;
    }
}
