namespace CheckpointIoT.Gateway.Upload;

/// <summary>Decides whether (and after how long) a failed upload of the same batch is tried again.</summary>
public interface IRetryStrategy
{
    /// <summary>
    /// <paramref name="attempt"/> counts failed attempts of this batch, starting at 1. Returns false when the batch must
    /// not be sent again as it is (its records are then rejected with the error as reason); otherwise
    /// <paramref name="delay"/> is the wait before the next attempt.
    /// </summary>
    bool ShouldRetry(int attempt, UploadError error, out TimeSpan delay);
}
