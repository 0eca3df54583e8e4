namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// The uploader's view of the gateway's outbox (implemented over the gateway's SQLite store). The store's states
/// are the uploader's checkpoint: after a restart, whatever is still pending is sent again (the provincial side is
/// idempotent on record id, so a record whose upload was in flight at the crash is not stored twice).
/// </summary>
public interface IOutboxStore
{
    /// <summary>Up to <paramref name="max"/> pending records, oldest first; never uploaded or rejected ones.</summary>
    Task<IReadOnlyList<OutboxRecord>> ReadPendingAsync(int max, CancellationToken ct);

    /// <summary>The province has these records (stored now or before). Unknown or non-pending ids are ignored.</summary>
    Task MarkUploadedAsync(IReadOnlyList<long> outboxIds, CancellationToken ct);

    /// <summary>
    /// The province refused this record for good: keep it (not pending any more) with the reason, so an operator
    /// can see, fix and re-queue it. Never delete it.
    /// </summary>
    Task MarkRejectedAsync(long outboxId, string reason, CancellationToken ct);

    /// <summary>Pending count, oldest pending record time, rejected count and bytes the outbox uses on disk.</summary>
    Task<OutboxStats> GetStatsAsync(CancellationToken ct);
}
