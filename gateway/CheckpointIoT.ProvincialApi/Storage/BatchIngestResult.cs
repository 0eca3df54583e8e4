using CheckpointIoT.ProvincialApi.Contract;

namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>Outcome of storing one batch. Accepted = newly stored; Duplicates = already stored before (also a success).</summary>
internal sealed record BatchIngestResult(
    string BatchId,
    bool DuplicateBatch,
    int Received,
    int Accepted,
    int Duplicates,
    IReadOnlyList<RecordRejection> Rejections);
