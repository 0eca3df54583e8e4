namespace CheckpointIoT.Gateway.Policy;

/// <summary>
/// Live occupancy per checkpoint: passes through "in" doors minus passes through "out" doors during the
/// checkpoint's local day, never below zero. Seeded from the store at start, then kept in memory.
/// </summary>
public sealed class OccupancyTracker
{
    private readonly Dictionary<string, (long Day, int Count)> _counts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Get(string checkpointId, long day)
    {
        lock (_lock)
        {
            return _counts.TryGetValue(checkpointId, out var c) && c.Day == day ? c.Count : 0;
        }
    }

    /// <summary>Adds +1 (in) or -1 (out) for a pass on <paramref name="day"/>; a new day starts from zero.</summary>
    public int Apply(string checkpointId, long day, int delta)
    {
        lock (_lock)
        {
            var next = Step(_counts.TryGetValue(checkpointId, out var c) ? c : (day, 0), day, delta);
            _counts[checkpointId] = next;
            return next.Count;
        }
    }

    /// <summary>The rule: one running day per checkpoint, a new day starts from zero, never below zero.</summary>
    public static (long Day, int Count) Step((long Day, int Count) current, long day, int delta) =>
        (day, Math.Max(0, (current.Day == day ? current.Count : 0) + delta));

    public void Set(string checkpointId, long day, int count)
    {
        lock (_lock)
        {
            _counts[checkpointId] = (day, Math.Max(0, count));
        }
    }

    public IReadOnlyDictionary<string, int> Snapshot(Func<string, long> dayOf)
    {
        lock (_lock)
        {
            return _counts.Where(kv => kv.Value.Day == dayOf(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.Count);
        }
    }
}
