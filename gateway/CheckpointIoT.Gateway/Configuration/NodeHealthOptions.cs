namespace CheckpointIoT.Gateway.Configuration;

/// <summary>
/// Config section Gateway:Nodes: when a silent node counts as offline. The node's heartbeat is its status frame every
/// <c>status_interval_s</c> (node config, default 60 s); the frame does not carry the period, so it is set here.
/// </summary>
public sealed class NodeHealthOptions
{
    /// <summary>The nodes' status interval (their <c>status_interval_s</c>), seconds.</summary>
    public int HeartbeatSeconds { get; set; } = 60;

    /// <summary>A node with no frame for this many heartbeat periods is offline.</summary>
    public int OfflineAfterMissedHeartbeats { get; set; } = 3;

    /// <summary>Silence after which a node is offline, ms.</summary>
    public long OfflineAfterMs => (long)HeartbeatSeconds * OfflineAfterMissedHeartbeats * 1000;

    /// <summary>Throws <see cref="GatewayConfigException"/> naming the bad key under <paramref name="prefix"/>.</summary>
    public void Validate(string prefix)
    {
        if (HeartbeatSeconds is < 1 or > 86_400)
        {
            throw new GatewayConfigException(prefix + ":HeartbeatSeconds", $"must be 1..86400 (got {HeartbeatSeconds})");
        }

        if (OfflineAfterMissedHeartbeats is < 1 or > 100)
        {
            throw new GatewayConfigException(prefix + ":OfflineAfterMissedHeartbeats", $"must be 1..100 (got {OfflineAfterMissedHeartbeats})");
        }
    }
}
