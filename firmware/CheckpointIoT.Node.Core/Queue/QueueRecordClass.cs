namespace CheckpointIoT.Node.Core.Queue
{
    /// <summary>Record classes of the offline queue; the class decides the overflow order (Queue/README.md).</summary>
    public static class QueueRecordClass
    {
        /// <summary>QR check-in: dropped only when nothing else is left to drop.</summary>
        public const int QrCheckin = 1;

        /// <summary>Presence batch: dropped first (oldest first), together with status.</summary>
        public const int Presence = 2;

        /// <summary>Status report: dropped first (oldest first), together with presence.</summary>
        public const int Status = 3;

        public static bool IsValid(int recordClass)
        {
            return recordClass >= QrCheckin && recordClass <= Status;
        }
    }
}
