namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// A batch ready to send: its records split by section (the request's "checkins" and "presence" arrays, in this
/// order), the deterministic batch id, and the gzip'd request body. Retrying sends exactly these bytes again.
/// </summary>
public sealed class UploadBatch
{
    public UploadBatch(string batchId, IReadOnlyList<OutboxRecord> checkIns, IReadOnlyList<OutboxRecord> presence, byte[] body, int uncompressedBytes)
    {
        BatchId = batchId;
        CheckIns = checkIns;
        Presence = presence;
        Body = body;
        UncompressedBytes = uncompressedBytes;
    }

    public string BatchId { get; }

    public IReadOnlyList<OutboxRecord> CheckIns { get; }

    public IReadOnlyList<OutboxRecord> Presence { get; }

    /// <summary>The gzip'd JSON body (Content-Encoding: gzip).</summary>
    public byte[] Body { get; }

    public int UncompressedBytes { get; }

    public int Count => CheckIns.Count + Presence.Count;

    public IEnumerable<OutboxRecord> All => CheckIns.Concat(Presence);
}
