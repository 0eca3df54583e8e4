namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>Why a frame was rejected. <see cref="WireCodec.DescribeError"/> gives the text.</summary>
    public enum DecodeError
    {
        None = 0,
        Empty = 1,
        Truncated = 2,
        Oversized = 3,
        UnknownVersion = 4,
        UnknownKind = 5,
        BadNodeId = 6,
        BadLength = 7,
        BadPayload = 8
    }
}
