namespace CheckpointIoT.Gateway.Upload;

/// <summary>Outcome of one upload attempt: records sent, how many the province stored/already had/rejected, the error if any.</summary>
public sealed record UploadResult(
    UploadOutcome Outcome,
    string? BatchId,
    int Records,
    int Accepted,
    int Duplicates,
    int Rejected,
    UploadError? Error,
    TimeSpan RetryDelay)
{
    public static UploadResult Empty { get; } = new(UploadOutcome.Empty, null, 0, 0, 0, 0, null, TimeSpan.Zero);
}
