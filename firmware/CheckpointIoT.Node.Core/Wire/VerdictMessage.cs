namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>Gateway → node: the verdict (or storage acknowledgement) for one check-in sequence number.</summary>
    public sealed class VerdictMessage
    {
        public uint Sequence;
        public VerdictResult Result;
        public ReasonCode Reason;
        /// <summary>Short text for a display, at most 64 UTF-8 bytes (longer is cut at a character boundary).</summary>
        public string DisplayText;
    }
}
