namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// Receives the deny list (hashed identities under quarantine orders) as the province publishes it; the verdict
/// policy reads it. Implementations persist the cursor with the hashes, so a restart resumes incrementally.
/// </summary>
public interface IDenyListSink
{
    /// <summary>
    /// Applies one page of changes, then remembers <paramref name="cursor"/> (pass it back as the start cursor).
    /// A hash in <paramref name="removed"/> that is not present is ignored; adding a present hash is a no-op.
    /// </summary>
    void Apply(IReadOnlyCollection<string> added, IReadOnlyCollection<string> removed, string cursor);

    /// <summary>
    /// Called before a full snapshot: the next <see cref="Apply"/> replaces the whole list instead of merging. Keep the
    /// current list in force until that Apply succeeds (replace atomically), so a failure never leaves the list empty.
    /// </summary>
    void Reset();
}
