using System;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>Limits of the offline queue; checked by <see cref="Validate"/> when the queue is created.</summary>
    public sealed class QueueOptions
    {
        /// <summary>
        /// Budget for unacknowledged records (header + payload bytes). Enqueueing beyond it applies the overflow policy.
        /// Flash use stays below 2 × MaxBytes + 2 × SegmentBytes (Queue/README.md).
        /// </summary>
        public int MaxBytes = 256 * 1024;

        /// <summary>A segment is closed and a new one started when the next record would take it past this size.</summary>
        public int SegmentBytes = 16 * 1024;

        /// <summary>Largest frame (payload) accepted by <see cref="OfflineQueue.Enqueue"/>.</summary>
        public int MaxRecordBytes = WireFormat.MaxFrameBytes;

        /// <summary>Most unacknowledged records kept (bounds RAM: 17 bytes of index per record).</summary>
        public int MaxRecords = 2048;

        /// <summary>Throws ArgumentException naming the bad option.</summary>
        public void Validate()
        {
            if (MaxRecordBytes < 1 || MaxRecordBytes > QueueFormat.MaxPayloadBytes)
            {
                throw new ArgumentException("QueueOptions.MaxRecordBytes must be 1.." + QueueFormat.MaxPayloadBytes, "MaxRecordBytes");
            }
            int smallestSegment = 2 * (QueueFormat.HeaderBytes + MaxRecordBytes) + QueueFormat.HeaderBytes + QueueFormat.SegmentHeaderPayloadBytes;
            if (SegmentBytes < smallestSegment)
            {
                throw new ArgumentException("QueueOptions.SegmentBytes must be at least " + smallestSegment + " (two records of MaxRecordBytes)", "SegmentBytes");
            }
            int smallestBudget = 2 * (QueueFormat.HeaderBytes + MaxRecordBytes);
            if (MaxBytes < smallestBudget || MaxBytes > 0x3FFFFFFF)
            {
                throw new ArgumentException("QueueOptions.MaxBytes must be at least " + smallestBudget + " (two records of MaxRecordBytes)", "MaxBytes");
            }
            if (MaxRecords < 1 || MaxRecords > 1000000)
            {
                throw new ArgumentException("QueueOptions.MaxRecords must be 1..1000000", "MaxRecords");
            }
        }
    }
}
