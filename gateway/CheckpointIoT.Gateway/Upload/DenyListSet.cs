namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// A thread-safe in-memory deny list: an <see cref="IDenyListSink"/> the verdict policy can query with
/// <see cref="Contains"/>. Wrap or replace it to persist the hashes and cursor in the gateway store.
/// </summary>
public sealed class DenyListSet : IDenyListSink
{
    private readonly object _lock = new();
    private HashSet<string> _hashes = new(StringComparer.Ordinal);
    private bool _resetPending;

    public DenyListSet(IEnumerable<string>? initial = null, string? cursor = null)
    {
        if (initial is not null)
        {
            _hashes.UnionWith(initial);
        }
        Cursor = cursor;
    }

    /// <summary>The cursor of the last applied page (null before the first pull).</summary>
    public string? Cursor { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _hashes.Count;
            }
        }
    }

    /// <summary>True when the identity hash (lower-case hex) is under a quarantine order.</summary>
    public bool Contains(string idHash)
    {
        lock (_lock)
        {
            return _hashes.Contains(idHash);
        }
    }

    public IReadOnlyCollection<string> Snapshot()
    {
        lock (_lock)
        {
            return _hashes.ToArray();
        }
    }

    public void Apply(IReadOnlyCollection<string> added, IReadOnlyCollection<string> removed, string cursor)
    {
        lock (_lock)
        {
            var next = _resetPending ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(_hashes, StringComparer.Ordinal);
            next.ExceptWith(removed);
            next.UnionWith(added);
            _hashes = next;
            _resetPending = false;
            Cursor = cursor;
        }
    }

    /// <summary>The next <see cref="Apply"/> replaces the whole list (the current one stays in force until then).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _resetPending = true;
        }
    }
}
