namespace CheckpointIoT.ProvincialApi.Contract;

/// <summary>One validated check-in record of an upload batch; Index is its position in the request (for a rejection).</summary>
internal sealed record CheckInRow(
    string Id,
    string CheckpointId,
    string Direction,
    long TimestampMs,
    string QrKind,
    string? MaskedId,
    string? IdHash,
    string Verdict,
    string? ReasonCode,
    int Index);
