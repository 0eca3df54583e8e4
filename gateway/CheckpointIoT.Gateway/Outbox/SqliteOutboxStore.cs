using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Outbox;

/// <summary>The uploader's <see cref="IOutboxStore"/> over the gateway's SQLite outbox table.</summary>
public sealed class SqliteOutboxStore : IOutboxStore
{
    private readonly GatewayStore _store;
    private readonly TimeProvider _time;

    public SqliteOutboxStore(GatewayStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public Task<IReadOnlyList<OutboxRecord>> ReadPendingAsync(int max, CancellationToken ct) =>
        Task.Run(() => _store.ReadPendingOutbox(max), ct);

    public Task MarkUploadedAsync(IReadOnlyList<long> outboxIds, CancellationToken ct) =>
        Task.Run(() => _store.MarkOutbox(outboxIds, OutboxState.Uploaded, null, Now()), ct);

    public Task MarkRejectedAsync(long outboxId, string reason, CancellationToken ct) =>
        Task.Run(() => _store.MarkOutbox([outboxId], OutboxState.Rejected, reason, Now()), ct);

    public Task<OutboxStats> GetStatsAsync(CancellationToken ct) =>
        Task.Run(
            () =>
            {
                var s = _store.OutboxStats();
                return new OutboxStats(s.Pending, s.OldestPendingMs, s.Rejected, _store.DiskBytes());
            },
            ct);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
