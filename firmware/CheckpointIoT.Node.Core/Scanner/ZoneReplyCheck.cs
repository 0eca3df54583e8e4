namespace CheckpointIoT.Node.Core.Scanner
{
    /// <summary>What the bytes gathered so far are, read as a zone-protocol reply.</summary>
    public enum ZoneReplyCheck
    {
        /// <summary>A valid beginning; more bytes are needed.</summary>
        NeedMore = 0,

        /// <summary>Exactly one complete reply with a correct CRC.</summary>
        Complete = 1,

        /// <summary>Not a reply (wrong header, zero length or CRC mismatch).</summary>
        Invalid = 2
    }
}
