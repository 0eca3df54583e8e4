namespace CheckpointIoT.Gateway.Upload;

/// <summary>What an outbox record carries: a QR check-in or one beacon-presence record.</summary>
public enum OutboxRecordKind
{
    /// <summary>A QR scan ("qr" in the gateway store); uploaded in the batch's "checkins" section.</summary>
    CheckIn,

    /// <summary>One beacon seen by a node ("presence"); uploaded in the batch's "presence" section.</summary>
    Presence,
}
