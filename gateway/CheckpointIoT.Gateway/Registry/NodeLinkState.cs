namespace CheckpointIoT.Gateway.Registry;

/// <summary>What <see cref="NodeLiveness"/> derives for one node at one moment.</summary>
public enum NodeLinkState
{
    /// <summary>Enrolled, no frame from it yet.</summary>
    NeverSeen,

    /// <summary>A frame arrived within the offline limit and no last will after it.</summary>
    Online,

    /// <summary>The broker delivered the node's last will after its latest frame.</summary>
    OfflineLastWill,

    /// <summary>No frame for longer than Gateway:Nodes:HeartbeatSeconds × OfflineAfterMissedHeartbeats.</summary>
    OfflineSilent,

    /// <summary>Disabled by an administrator (the broker refuses it).</summary>
    Disabled,
}
