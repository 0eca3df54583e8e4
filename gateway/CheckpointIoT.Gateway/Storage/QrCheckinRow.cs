using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Storage;

/// <summary>A QR check-in as written to the checkins table (identity only as salted hash and masked tail).</summary>
public readonly record struct QrCheckinRow(
    string NodeId,
    uint Sequence,
    string CheckpointId,
    DoorDirection Direction,
    QrKind Kind,
    long NodeTimeMs,
    long EventMs,
    long ReceivedMs,
    bool OfflineVerdict,
    bool Replayed,
    VerdictResult Result,
    ReasonCode Reason,
    string? IdentityHash,
    string? DocumentMasked);
