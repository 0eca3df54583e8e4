namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>Per-checkpoint scan figures for a report window.</summary>
internal sealed record CheckpointTraffic(
    string CheckpointId,
    long ScansTotal,
    long ScansInWindow,
    long CheckInsWithBeaconInWindow,
    long? LastScanMs);
