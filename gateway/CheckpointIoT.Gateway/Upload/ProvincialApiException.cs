namespace CheckpointIoT.Gateway.Upload;

/// <summary>A provincial API call other than a batch upload failed; <see cref="Error"/> says how (for retry decisions).</summary>
public sealed class ProvincialApiException : Exception
{
    public ProvincialApiException(UploadError error)
        : base(error.ToString())
    {
        Error = error;
    }

    public UploadError Error { get; }
}
