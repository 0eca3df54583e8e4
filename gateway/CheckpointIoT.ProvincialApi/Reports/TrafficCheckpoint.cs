namespace CheckpointIoT.ProvincialApi.Reports;

/// <summary>A checkpoint that had at least one scan in the report window.</summary>
internal sealed record TrafficCheckpoint(
    string CheckpointId,
    string Name,
    string Unit,
    long ScansInWindow,
    long CheckInsWithBeacon,
    string LastScanAt);
