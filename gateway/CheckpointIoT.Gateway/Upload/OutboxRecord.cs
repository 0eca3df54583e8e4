namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// One record waiting in the outbox. Build it with <see cref="CheckIn"/> or <see cref="PresenceSeen"/>.
/// <see cref="RecordId"/> is the idempotency key on the provincial side: "&lt;nodeId&gt;:&lt;seq&gt;" for a check-in,
/// "&lt;nodeId&gt;:&lt;seq&gt;:&lt;index&gt;" for the index-th presence record of a node's presence message.
/// All times are Unix milliseconds UTC (node clock); the wire carries them as +07:00 timestamps.
/// </summary>
public sealed record OutboxRecord(
    long OutboxId,
    string RecordId,
    OutboxRecordKind Kind,
    string NodeId,
    uint NodeSequence,
    string CheckpointId,
    string Direction,
    long TimestampMs)
{
    // ---- check-in (Kind == CheckIn) ----

    /// <summary>cccd, unified, bhyt, hc1, nzcp, venue or unknown.</summary>
    public string? QrKind { get; init; }

    /// <summary>Masked document number, e.g. "0010******45" (never the full number; the server refuses unmasked ones).</summary>
    public string? MaskedId { get; init; }

    /// <summary>Lower-case hex salted SHA-256 of the normalised identity (what the deny list holds), or null.</summary>
    public string? IdHash { get; init; }

    /// <summary>"pass" or "fail".</summary>
    public string? Verdict { get; init; }

    /// <summary>Reason code of the verdict (a-z 0-9 _), or null.</summary>
    public string? ReasonCode { get; init; }

    // ---- presence (Kind == Presence) ----

    /// <summary>gaen, bluezone, bluetrace, ibeacon, eddystone or other.</summary>
    public string? BeaconType { get; init; }

    /// <summary>Lower-case hex of the rotating identifier (GAEN RPI, Bluezone ID...).</summary>
    public string? RotatingId { get; init; }

    public long FirstSeenMs { get; init; }

    public long LastSeenMs { get; init; }

    public int MaxRssi { get; init; }

    public int MeanRssi { get; init; }

    /// <summary>How many advertisements the node counted.</summary>
    public int SeenCount { get; init; }

    /// <summary>A QR check-in record (RecordId = "nodeId:seq").</summary>
    public static OutboxRecord CheckIn(long outboxId, string nodeId, uint sequence, string checkpointId, string direction,
        long timestampMs, string qrKind, string? maskedId, string? idHash, string verdict, string? reasonCode) =>
        new(outboxId, nodeId + ":" + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), OutboxRecordKind.CheckIn,
            nodeId, sequence, checkpointId, direction, timestampMs)
        {
            QrKind = qrKind,
            MaskedId = maskedId,
            IdHash = idHash,
            Verdict = verdict,
            ReasonCode = reasonCode,
        };

    /// <summary>The index-th beacon of a node's presence message (RecordId = "nodeId:seq:index").</summary>
    public static OutboxRecord PresenceSeen(long outboxId, string nodeId, uint sequence, int index, string checkpointId, string direction,
        long timestampMs, string beaconType, string rotatingIdHex, long firstSeenMs, long lastSeenMs, int maxRssi, int meanRssi, int seenCount) =>
        new(outboxId, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{nodeId}:{sequence}:{index}"), OutboxRecordKind.Presence,
            nodeId, sequence, checkpointId, direction, timestampMs)
        {
            BeaconType = beaconType,
            RotatingId = rotatingIdHex,
            FirstSeenMs = firstSeenMs,
            LastSeenMs = lastSeenMs,
            MaxRssi = maxRssi,
            MeanRssi = meanRssi,
            SeenCount = seenCount,
        };
}
