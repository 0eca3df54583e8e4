namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>Outcome of <see cref="OfflineQueue.ReadPending"/>: tells a record that is gone for good from a storage that failed this time.</summary>
    public static class QueueReadResult
    {
        /// <summary>The record was read and passed its CRC.</summary>
        public const int Ok = 0;

        /// <summary>No pending record at that index (or the queue is not open).</summary>
        public const int OutOfRange = 1;

        /// <summary>The stored bytes no longer pass the format/CRC check (bit rot): they will never read back; Ack it to move on.</summary>
        public const int Unreadable = 2;

        /// <summary>The storage threw while reading: the record may read back later; try again.</summary>
        public const int StorageError = 3;
    }
}
