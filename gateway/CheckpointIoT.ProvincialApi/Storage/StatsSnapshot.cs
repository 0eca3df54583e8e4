namespace CheckpointIoT.ProvincialApi.Storage;

/// <summary>Totals served by GET /v1/stats.</summary>
internal sealed record StatsSnapshot(
    long CheckIns,
    long Presence,
    long Batches,
    long DuplicateBatches,
    long DuplicateRecords,
    long RejectedRecords,
    long RejectedNotOwned,
    long RejectedNotRegistered,
    long Gateways,
    long Checkpoints,
    long DenyListActive);
