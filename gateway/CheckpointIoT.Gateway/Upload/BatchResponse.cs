namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// The server's answer to a batch (HTTP 200, 207, 409 or 422). Records not listed in <see cref="Rejected"/> are stored
/// at the province (accepted now or duplicates of earlier deliveries), except after a 422 with an <see cref="Error"/>,
/// where nothing was stored.
/// </summary>
public sealed record BatchResponse(
    int StatusCode,
    string BatchId,
    string Status,
    int Received,
    int Accepted,
    int Duplicates,
    IReadOnlyList<RecordRejection> Rejected,
    string? Error);
