namespace CheckpointIoT.Gateway.Upload;

/// <summary>A failed upload attempt: kind, HTTP status (null for transport errors), the server's Retry-After, a message.</summary>
public sealed record UploadError(UploadErrorKind Kind, int? StatusCode, TimeSpan? RetryAfter, string Message)
{
    /// <summary>True for failures that say nothing about the records (the link, the server or the configuration).</summary>
    public bool IsTransient => Kind is not (UploadErrorKind.BadRequest or UploadErrorKind.PayloadTooLarge);

    public override string ToString() => StatusCode is { } s ? $"{Kind} (HTTP {s}): {Message}" : $"{Kind}: {Message}";
}
