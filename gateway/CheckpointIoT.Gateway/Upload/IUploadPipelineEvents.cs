namespace CheckpointIoT.Gateway.Upload;

/// <summary>What <see cref="UploadPipelines"/> reports back to the uploader (state machine, status, log).</summary>
internal interface IUploadPipelineEvents
{
    void BreakerOpened(TimeSpan breakDuration);

    void BreakerHalfOpened();

    void BreakerClosed();

    /// <param name="attempt">Failed attempts of this batch so far (1-based).</param>
    /// <param name="error">The failure (null when the breaker refused the attempt).</param>
    void Retrying(int attempt, TimeSpan delay, UploadError? error, bool breakerOpen);
}
