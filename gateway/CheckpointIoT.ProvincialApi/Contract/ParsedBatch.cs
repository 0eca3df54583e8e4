namespace CheckpointIoT.ProvincialApi.Contract;

/// <summary>
/// Result of parsing an upload request: either an envelope error (nothing usable, <see cref="EnvelopeError"/> set)
/// or the valid rows plus a rejection per invalid row.
/// </summary>
internal sealed class ParsedBatch
{
    public string BatchId { get; init; } = "";

    public string? EnvelopeError { get; init; }

    public List<CheckInRow> CheckIns { get; } = [];

    public List<PresenceRow> Presence { get; } = [];

    public List<RecordRejection> Rejections { get; } = [];

    public int ReceivedCount => CheckIns.Count + Presence.Count + Rejections.Count;

    public static ParsedBatch Invalid(string batchId, string error) => new() { BatchId = batchId, EnvelopeError = error };
}
