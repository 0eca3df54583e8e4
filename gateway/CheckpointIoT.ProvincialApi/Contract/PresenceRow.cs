namespace CheckpointIoT.ProvincialApi.Contract;

/// <summary>One validated beacon-presence record of an upload batch; Index is its position in the request (for a rejection).</summary>
internal sealed record PresenceRow(
    string Id,
    string CheckpointId,
    string BeaconType,
    string RotatingId,
    long FirstSeenMs,
    long LastSeenMs,
    int RssiMax,
    int RssiMean,
    int Count,
    int Index);
