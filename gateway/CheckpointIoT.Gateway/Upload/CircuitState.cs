namespace CheckpointIoT.Gateway.Upload;

/// <summary>States of the upload circuit breaker (diagram in README.md).</summary>
public enum CircuitState
{
    /// <summary>Uploads flow; consecutive failures are counted.</summary>
    Closed,

    /// <summary>Too many consecutive failures: no upload until the open period ends.</summary>
    Open,

    /// <summary>The open period ended: one probe upload decides between Closed and Open.</summary>
    HalfOpen,
}
