namespace CheckpointIoT.Node.Core.Wire
{
    /// <summary>Which way the door a node guards is passed (bits 4-5 of the kind byte).</summary>
    public enum DoorDirection
    {
        None = 0,
        In = 1,
        Out = 2
    }
}
