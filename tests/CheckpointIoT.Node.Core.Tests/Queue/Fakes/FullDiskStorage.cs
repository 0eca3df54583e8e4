using CheckpointIoT.Node.Core.Seams;

namespace CheckpointIoT.Node.Core.Tests.Queue.Fakes;

/// <summary>
/// Decorator for any <see cref="IQueueStorage"/> that refuses every Append while <see cref="Full"/> is set (a full
/// disk or a flash that stopped taking writes); reads, truncates and deletes still work.
/// </summary>
public sealed class FullDiskStorage(IQueueStorage inner) : IQueueStorage
{
    public bool Full { get; set; }

    public int RefusedAppends { get; private set; }

    public int[] ListSegments() => inner.ListSegments();

    public long Length(int segment) => inner.Length(segment);

    public int Read(int segment, long position, byte[] buffer, int offset, int count) => inner.Read(segment, position, buffer, offset, count);

    public void Append(int segment, byte[] buffer, int offset, int count)
    {
        if (Full)
        {
            RefusedAppends++;
            throw new IOException("simulated full disk");
        }
        inner.Append(segment, buffer, offset, count);
    }

    public void Flush(int segment) => inner.Flush(segment);

    public void Truncate(int segment, long length) => inner.Truncate(segment, length);

    public void Delete(int segment) => inner.Delete(segment);
}
