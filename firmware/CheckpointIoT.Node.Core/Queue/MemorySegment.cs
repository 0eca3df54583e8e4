namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>Bytes of one <see cref="MemoryQueueStorage"/> segment.</summary>
    internal sealed class MemorySegment
    {
        public byte[] Data = new byte[256];
        public int Length;
        /// <summary>Bytes that survive a power cut (flushed, truncated or torn-and-persisted).</summary>
        public int Durable;

        public void EnsureCapacity(int needed)
        {
            if (needed <= Data.Length) return;
            int size = Data.Length * 2;
            while (size < needed) size *= 2;
            byte[] grown = new byte[size];
            System.Array.Copy(Data, grown, Length);
            Data = grown;
        }
    }
}
