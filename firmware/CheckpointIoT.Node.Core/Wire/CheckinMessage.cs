namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>One node → gateway frame (QR scan, presence batch or status). See docs/wire-format.md.</summary>
    public sealed class CheckinMessage
    {
        public CheckinKind Kind;
        public DoorDirection Direction;
        /// <summary>The node showed an offline fallback verdict before the gateway answered.</summary>
        public bool OfflineVerdict;
        /// <summary>Sent from the offline queue after a period without the gateway.</summary>
        public bool Replayed;
        /// <summary>Per-node sequence number: monotonic, survives reboot; with <see cref="NodeId"/> the record key.</summary>
        public uint Sequence;
        /// <summary>UTC milliseconds since the Unix epoch when the node made the record.</summary>
        public long TimestampMs;
        public string NodeId;
        public byte[] Payload;
        public int PayloadOffset;
        public int PayloadCount;

        public void SetPayload(byte[] payload)
        {
            Payload = payload;
            PayloadOffset = 0;
            PayloadCount = payload == null ? 0 : payload.Length;
        }

        /// <summary>A copy of the payload bytes (decoding points into the input buffer).</summary>
        public byte[] CopyPayload()
        {
            byte[] copy = new byte[PayloadCount];
            if (PayloadCount > 0)
            {
                System.Array.Copy(Payload, PayloadOffset, copy, 0, PayloadCount);
            }
            return copy;
        }
    }
}
