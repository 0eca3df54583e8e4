namespace CheckpointIoT.Gateway.Upload;

/// <summary>Either the server's answer about the records (<see cref="Response"/>) or a failed attempt (<see cref="Error"/>).</summary>
public sealed record BatchSendResult(BatchResponse? Response, UploadError? Error)
{
    public static BatchSendResult Answered(BatchResponse response) => new(response, null);

    public static BatchSendResult Failed(UploadError error) => new(null, error);
}
