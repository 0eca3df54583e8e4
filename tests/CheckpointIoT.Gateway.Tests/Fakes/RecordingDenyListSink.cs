using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Fakes;

/// <summary>A deny-list sink that keeps the set and logs every call (Apply/Reset) for assertions.</summary>
public sealed class RecordingDenyListSink : IDenyListSink
{
    public HashSet<string> Hashes { get; } = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    public string? Cursor { get; private set; }

    public void Apply(IReadOnlyCollection<string> added, IReadOnlyCollection<string> removed, string cursor)
    {
        Calls.Add($"apply +{added.Count} -{removed.Count} @{cursor}");
        Hashes.ExceptWith(removed);
        Hashes.UnionWith(added);
        Cursor = cursor;
    }

    public void Reset()
    {
        Calls.Add("reset");
        Hashes.Clear();
    }
}
