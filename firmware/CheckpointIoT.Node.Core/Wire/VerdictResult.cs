namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>The gateway's answer to a check-in.</summary>
    public enum VerdictResult
    {
        Fail = 0,
        Pass = 1,
        Error = 2,
        /// <summary>A non-QR record (presence, status) was stored: nothing to show, only to dequeue.</summary>
        Ack = 3
    }
}
