namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>Constants of wire format v1.</summary>
    public static class WireFormat
    {
        public const int Version = 1;
        /// <summary>Largest frame the gateway accepts (a 2 KB QR scan plus headroom).</summary>
        public const int MaxFrameBytes = 4096;
        /// <summary>Header bytes besides the node id and payload: version, kind, seq (≤5), timestamp (6), id length, payload length (≤3).</summary>
        public const int MaxHeaderBytes = 1 + 1 + 5 + 6 + 1 + 3;
        public const int MaxNodeIdLength = 32;
        public const int MaxDisplayTextBytes = 64;
        /// <summary>Latest timestamp the 48-bit field holds (year 10889).</summary>
        public const long MaxTimestampMs = 0xFFFFFFFFFFFFL;

        public const int FlagOfflineVerdict = 0x40;
        public const int FlagReplayed = 0x80;

        /// <summary>Node ids: 1-32 characters of a-z, 0-9 and '-', not starting with '-'.</summary>
        public static bool IsValidNodeId(string nodeId)
        {
            if (nodeId == null || nodeId.Length == 0 || nodeId.Length > MaxNodeIdLength) return false;
            for (int i = 0; i < nodeId.Length; i++)
            {
                char c = nodeId[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
                if (!ok) return false;
            }
            return true;
        }
    }
}
