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

    public long? LastSeenMs { get; init; }

    public string? FirmwareVersion { get; init; }

    public bool? Online { get; init; }

    public long? UptimeSeconds { get; init; }

    public long? FreeMemoryBytes { get; init; }

    public long? QueueDepth { get; init; }

    public int? WifiRssi { get; init; }

    public ScannerHealth? Scanner { get; init; }

    public long? LastStatusMs { get; init; }
}
