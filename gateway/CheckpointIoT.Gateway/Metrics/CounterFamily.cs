using System.Collections.Concurrent;
using Prometheus;

namespace CheckpointIoT.Gateway.Metrics;

/// <summary>
/// A prometheus-net counter with one label, e.g. rejected_payloads_total{reason="truncated"}, with a cap on distinct
/// label values: label values must come from code, never from payloads, and past <see cref="MaxLabelValues"/> distinct
/// values new ones are counted under <see cref="OverflowLabelValue"/> (prometheus-net itself has no cap).
/// Keep the returned child on hot paths.
/// </summary>
public sealed class CounterFamily
{
    public const string OverflowLabelValue = "_other";

    private readonly Counter _counter;
    private readonly ConcurrentDictionary<string, Counter.Child> _children = new(StringComparer.Ordinal);
    private int _childCount;

    internal CounterFamily(Counter counter, int maxLabelValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLabelValues);
        _counter = counter;
        MaxLabelValues = maxLabelValues;
    }

    public string LabelName => _counter.LabelNames[0];

    public int MaxLabelValues { get; }

    /// <summary>The counter for <paramref name="labelValue"/>, created at zero on first use (an existing one is a lock-free lookup).</summary>
    public Counter.Child WithLabel(string labelValue)
    {
        ArgumentNullException.ThrowIfNull(labelValue);
        if (_children.TryGetValue(labelValue, out var child))
        {
            return child;
        }
        if (Volatile.Read(ref _childCount) >= MaxLabelValues)
        {
            return _children.GetOrAdd(OverflowLabelValue, (_, c) => c.WithLabels(OverflowLabelValue), _counter);
        }
        var created = _counter.WithLabels(labelValue);
        if (_children.TryAdd(labelValue, created))
        {
            Interlocked.Increment(ref _childCount);
            return created;
        }
        return _children[labelValue];
    }
}
