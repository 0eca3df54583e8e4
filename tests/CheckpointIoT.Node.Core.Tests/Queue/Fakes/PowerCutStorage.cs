using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Tests.Queue.Fakes;

/// <summary>
/// Fault-injecting decorator for any <see cref="IQueueStorage"/>: counts mutating calls (Append, Truncate, Delete)
/// and can cut the power at a chosen one: an Append then persists only a prefix of its bytes, a Truncate or Delete
/// does not happen. After the cut every call throws IOException, like a node that lost power.
/// </summary>
public sealed class PowerCutStorage : IQueueStorage
{
    private readonly IQueueStorage _inner;
    private int _cutAt = -1;
    private int _tearBytes;

    public PowerCutStorage(IQueueStorage inner) => _inner = inner;

    public IQueueStorage Inner => _inner;

    /// <summary>Mutating calls so far.</summary>
    public int Mutations { get; private set; }

    /// <summary>Byte count of every mutating call in order (-1 for Truncate/Delete).</summary>
    public List<int> MutationLog { get; } = new();

    public long BytesAppended { get; private set; }

    public bool Dead { get; private set; }

    /// <summary>Cut the power at mutating call number <paramref name="mutation"/> (0-based, counted from construction).</summary>
    public void CutPowerAt(int mutation, int tearBytes)
    {
        _cutAt = mutation;
        _tearBytes = tearBytes;
    }

    public int[] ListSegments() { Check(); return _inner.ListSegments(); }

    public long Length(int segment) { Check(); return _inner.Length(segment); }

    public int Read(int segment, long position, byte[] buffer, int offset, int count) { Check(); return _inner.Read(segment, position, buffer, offset, count); }

    public void Append(int segment, byte[] buffer, int offset, int count)
    {
        Check();
        int index = Mutations++;
        MutationLog.Add(count);
        if (index == _cutAt)
        {
            int keep = Math.Min(_tearBytes, count);
            if (keep > 0)
            {
                _inner.Append(segment, buffer, offset, keep);
                _inner.Flush(segment);
            }
            BytesAppended += keep;
            Die();
        }
        _inner.Append(segment, buffer, offset, count);
        BytesAppended += count;
    }

    public void Flush(int segment) { Check(); _inner.Flush(segment); }

    public void Truncate(int segment, long length)
    {
        Check();
        MutationLog.Add(-1);
        if (Mutations++ == _cutAt) Die();
        _inner.Truncate(segment, length);
    }

    public void Delete(int segment)
    {
        Check();
        MutationLog.Add(-1);
        if (Mutations++ == _cutAt) Die();
        _inner.Delete(segment);
    }

    private void Die()
    {
        Dead = true;
        throw new IOException("power cut (test)");
    }

    private void Check()
    {
        if (Dead) throw new IOException("power is off (test)");
    }
}
