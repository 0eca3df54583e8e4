namespace CheckpointIoT.Gateway.Upload;

/// <summary>What the uploader is doing (diagram in README.md; every transition is in <see cref="UploaderStateMachine"/>).</summary>
public enum UploaderState
{
    /// <summary>Not running: before <see cref="ProvincialUploader.RunAsync"/> or after it returned.</summary>
    Stopped,

    /// <summary>Running, nothing in flight: waiting for a full batch, an old enough partial batch, or a nudge.</summary>
    Idle,

    /// <summary>A batch is on the wire (POST /v1/batches).</summary>
    Sending,

    /// <summary>The last attempt failed for a transient reason; the same batch is resent after the retry delay.</summary>
    BackingOff,

    /// <summary>The circuit breaker is open: nothing is sent until its break is over (then one probe).</summary>
    CircuitOpen,
}
