namespace CheckpointIoT.Node.Core.Ble
{
    /// <summary>One pre-allocated entry of the <see cref="PresenceTable"/>.</summary>
    internal sealed class PresenceSlot
    {
        public readonly byte[] Id = new byte[PresenceRecord.MaxIdBytes];
        public bool InUse;
        public BeaconType Type;
        public int IdLength;
        public int Hash;
        public long FirstSeenMs;
        public long LastSeenMs;
        public int MaxRssi;
        public long RssiSum;
        public int Count;
    }
}
