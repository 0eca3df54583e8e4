namespace CheckpointIoT.Node.Core.Controller
{
    /// <summary>What the door is doing with the last scan.</summary>
    public enum DoorState
    {
        Ready = 0,
        /// <summary>A QR check-in was published; waiting for the gateway's verdict until the timeout.</summary>
        AwaitingVerdict = 1
    }
}
