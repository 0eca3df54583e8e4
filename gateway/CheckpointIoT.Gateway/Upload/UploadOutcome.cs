namespace CheckpointIoT.Gateway.Upload;

/// <summary>What one <see cref="ProvincialUploader.UploadOnceAsync"/> did.</summary>
public enum UploadOutcome
{
    /// <summary>Nothing pending.</summary>
    Empty,

    /// <summary>200: every record stored (or already stored).</summary>
    Uploaded,

    /// <summary>207: some records rejected (kept in the outbox with the reason), the rest stored.</summary>
    Partial,

    /// <summary>409: the server already had this batch; its recorded outcome was applied.</summary>
    Duplicate,

    /// <summary>422 or another permanent refusal: the records were rejected with the reason.</summary>
    Rejected,

    /// <summary>413: the batch size was halved; the records stay pending.</summary>
    Split,

    /// <summary>Transient failure: the same batch is retried after <see cref="UploadResult.RetryDelay"/>.</summary>
    Failed,

    /// <summary>The circuit breaker is open: nothing was sent; retry after <see cref="UploadResult.RetryDelay"/>.</summary>
    BreakerOpen,
}
