namespace CheckpointIoT.Node.Core.Controller
{
    /// <summary>The node's MQTT session state (see Controller/README.md for the diagram).</summary>
    public enum LinkState
    {
        Offline = 0,
        Connecting = 1,
        Online = 2,
        Backoff = 3
    }
}
