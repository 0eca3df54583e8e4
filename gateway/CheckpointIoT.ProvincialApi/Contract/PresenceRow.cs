namespace CheckpointIoT.ProvincialApi.Contract;

/// <summary>One validated beacon-presence record of an upload batch.</summary>
internal sealed record PresenceRow(
    string Id,
    string CheckpointId,
    string BeaconType,
    string RotatingId,
    long FirstSeenMs,
    long LastSeenMs,
    int RssiMax,
    int RssiMean,
    int Count);
