using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Policy;

/// <summary>
/// The deny list of salted identity hashes: an in-memory set for the verdict policy, persisted with its
/// cursor in the store, filled by the uploader's <see cref="DenyListClient"/> (it is the <see cref="IDenyListSink"/>).
/// </summary>
public sealed class DenyList : IDenyListSink
{
    private readonly GatewayStore _store;
    private readonly TimeProvider _time;
    private volatile HashSet<string> _set;
    private bool _resetPending;

    public DenyList(GatewayStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        _set = new HashSet<string>(store.LoadDenyList(), StringComparer.Ordinal);
        Cursor = store.GetSetting("denylist.cursor");
    }

    public string? Cursor { get; private set; }

    public int Count => _set.Count;

    public bool Contains(string identityHash) => _set.Contains(identityHash);

    public void Reset() => _resetPending = true;

    public void Apply(IReadOnlyCollection<string> added, IReadOnlyCollection<string> removed, string cursor)
    {
        var reset = _resetPending;
        _store.ApplyDenyList(reset, added, removed, cursor, _time.GetUtcNow().ToUnixTimeMilliseconds());
        var next = reset ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(_set, StringComparer.Ordinal);
        next.UnionWith(added);
        next.ExceptWith(removed);
        _set = next;
        _resetPending = false;
        Cursor = cursor;
    }
}
