namespace CheckpointIoT.Gateway.Ingest;

/// <summary>
/// Where one MQTT message ends in the ingest state machine (diagram in gateway/README.md):
/// Received → Decoded → Validated → (duplicate? → Resent) → Evaluated → Stored → Answered, or Rejected at any check.
/// </summary>
public enum IngestOutcome
{
    /// <summary>New record stored and its verdict/ack sent.</summary>
    Stored = 0,

    /// <summary>(node id, sequence) already stored: nothing written, the stored verdict re-sent.</summary>
    Duplicate = 1,

    /// <summary>Refused before storage (bad topic, frame, payload, unknown/disabled node); counted by reason.</summary>
    Rejected = 2,
}
