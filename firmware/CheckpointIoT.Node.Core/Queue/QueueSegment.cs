namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>What the queue knows about one segment (in memory only).</summary>
    internal sealed class QueueSegment
    {
        public int Id;
        public long Length;
        public int Pending;
        public long PendingBytes;

        public QueueSegment(int id, long length)
        {
            Id = id;
            Length = length;
        }
    }
}
