namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>Why a verdict is what it is; one byte on the wire, shown as a short code on the node.</summary>
    public enum ReasonCode
    {
        Ok = 0,
        Unrecognised = 1,
        Empty = 2,
        Garbled = 3,
        Denied = 4,
        Duplicate = 5,
        Closed = 6,
        Full = 7,
        KindNotAccepted = 8,
        Expired = 9,
        OfflineFallback = 10,
        NodeDisabled = 11,
        InternalError = 255
    }
}
