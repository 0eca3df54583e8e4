namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>A node's health report (status check-in payload; also its retained last will with Online = false).</summary>
    public sealed class NodeStatus
    {
        public bool Online;
        public string FirmwareVersion;
        public uint UptimeSeconds;
        public uint FreeMemoryBytes;
        public uint QueueDepth;
        /// <summary>dBm, 0 when unknown.</summary>
        public int WifiRssi;
        public ScannerHealth Scanner;
        /// <summary>Queued records the node skipped since boot because they could no longer be read (bit rot); 0-127 on the wire (saturating).</summary>
        public uint UnreadableRecords;
    }
}
