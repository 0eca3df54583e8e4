namespace CheckpointIoT.Node.Core.Ble
{
    /// <summary>
    /// What the node knows about one rotating beacon identifier over a flush period.
    /// Encoded by <see cref="CheckpointIoT.Node.Core.Wire.PresencePayload"/> in ≤ 32 bytes.
    /// </summary>
    public sealed class PresenceRecord
    {
        public const int MaxIdBytes = 16;

        public BeaconType Type;
        /// <summary>The rotating identifier (GAEN RPI 16 B, Bluezone ID 12 B, ...), at most 16 bytes.</summary>
        public byte[] Id;
        public long FirstSeenMs;
        public long LastSeenMs;
        public int MaxRssi;
        public int MeanRssi;
        public int Count;
        /// <summary>Max RSSI reached the "at the door" threshold.</summary>
        public bool AtDoor;
    }
}
