namespace CheckpointIoT.Gateway.Upload;

/// <summary>Why an upload attempt failed, as far as retrying is concerned.</summary>
public enum UploadErrorKind
{
    /// <summary>Connection refused/reset, DNS, TLS: transient.</summary>
    Network,

    /// <summary>No complete answer within RequestTimeout: transient (the server may still have stored the batch).</summary>
    Timeout,

    /// <summary>429: transient, honour Retry-After.</summary>
    Throttled,

    /// <summary>503: transient, honour Retry-After.</summary>
    Unavailable,

    /// <summary>Other 5xx, or a 2xx whose body cannot be read: transient.</summary>
    ServerError,

    /// <summary>401/403: wrong token. Records stay pending; retried slowly until an operator fixes the configuration.</summary>
    Unauthorized,

    /// <summary>404/405: wrong BaseUrl. Records stay pending; retried slowly.</summary>
    NotFound,

    /// <summary>413: the batch is too large; the uploader halves its batch size.</summary>
    PayloadTooLarge,

    /// <summary>Other 4xx (400, 415...): the server refuses this batch as such; not retried, its records are rejected with the reason.</summary>
    BadRequest,
}
