using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Storage;

/// <summary>A row of the node registry (password only as its hash, see Broker/BrokerPasswordHash).</summary>
public sealed record NodeRecord
{
    public required string NodeId { get; init; }

    public required string CheckpointId { get; init; }

    public DoorDirection Direction { get; init; }

    public required string PasswordHash { get; init; }

    public bool Enabled { get; init; } = true;

    public long EnrolledMs { get; init; }

    public long RotatedMs { get; init; }

    /// <summary>Arrival of the latest frame the node itself sent (status, check-in, presence batch; not its last will).</summary>
    public long? LastSeenMs { get; init; }

    public string? FirmwareVersion { get; init; }

    /// <summary>
    /// Raw session flag, not the answer to "is it online" (that is Registry/NodeLiveness, which also applies the
    /// heartbeat limit): null = no frame and no last will yet; true = a frame of the node arrived after any last will;
    /// false = its last will is the latest event.
    /// </summary>
    public bool? Online { get; init; }

    public long? UptimeSeconds { get; init; }

    public long? FreeMemoryBytes { get; init; }

    public long? QueueDepth { get; init; }

    public int? WifiRssi { get; init; }

    public ScannerHealth? Scanner { get; init; }

    /// <summary>Arrival of the latest status frame (gateway clock).</summary>
    public long? LastStatusMs { get; init; }

    /// <summary>Arrival of the latest last will the broker delivered for the node (gateway clock).</summary>
    public long? LastWillMs { get; init; }

    /// <summary>Queued records the node skipped since boot because its flash copy was unreadable (check-ins lost to flash corruption when non-zero).</summary>
    public long? UnreadableRecords { get; init; }
}
