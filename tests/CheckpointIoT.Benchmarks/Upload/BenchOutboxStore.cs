using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Benchmarks.Upload;

/// <summary>
/// An in-memory outbox sized for a million records: an array in oldest-first order, a state per record and a
/// moving head, so reading pending records and marking them costs O(batch), not O(outbox).
/// </summary>
internal sealed class BenchOutboxStore : IOutboxStore
{
    private const byte Pending = 0;
    private const byte Uploaded = 1;
    private const byte Rejected = 2;

    private readonly OutboxRecord[] _records;
    private readonly byte[] _state;
    private readonly Dictionary<long, int> _index;
    private readonly object _lock = new();
    private int _head;
    private long _pending;
    private long _rejected;
    private long _uploaded;
    private readonly long _bytesPerRecord;

    public BenchOutboxStore(OutboxRecord[] records, long bytesPerRecord)
    {
        _records = records;
        _state = new byte[records.Length];
        _index = new Dictionary<long, int>(records.Length);
        for (var i = 0; i < records.Length; i++)
        {
            _index[records[i].OutboxId] = i;
        }
        _pending = records.Length;
        _bytesPerRecord = bytesPerRecord;
    }

    public long PendingCount => Interlocked.Read(ref _pending);

    public long UploadedCount => Interlocked.Read(ref _uploaded);

    public long RejectedCount => Interlocked.Read(ref _rejected);

    public Task<IReadOnlyList<OutboxRecord>> ReadPendingAsync(int max, CancellationToken ct)
    {
        lock (_lock)
        {
            var list = new List<OutboxRecord>(Math.Min(max, _records.Length - _head));
            for (var i = _head; i < _records.Length && list.Count < max; i++)
            {
                if (_state[i] == Pending)
                {
                    list.Add(_records[i]);
                }
            }
            return Task.FromResult<IReadOnlyList<OutboxRecord>>(list);
        }
    }

    public Task MarkUploadedAsync(IReadOnlyList<long> outboxIds, CancellationToken ct)
    {
        lock (_lock)
        {
            foreach (var id in outboxIds)
            {
                var i = _index[id];
                if (_state[i] == Pending)
                {
                    _state[i] = Uploaded;
                    _pending--;
                    _uploaded++;
                }
            }
            AdvanceHead();
        }
        return Task.CompletedTask;
    }

    public Task MarkRejectedAsync(long outboxId, string reason, CancellationToken ct)
    {
        lock (_lock)
        {
            var i = _index[outboxId];
            if (_state[i] == Pending)
            {
                _state[i] = Rejected;
                _pending--;
                _rejected++;
            }
            AdvanceHead();
        }
        return Task.CompletedTask;
    }

    public Task<OutboxStats> GetStatsAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            long? oldest = _head < _records.Length ? _records[_head].TimestampMs : null;
            return Task.FromResult(new OutboxStats(_pending, _pending == 0 ? null : oldest, _rejected, (_pending + _rejected) * _bytesPerRecord));
        }
    }

    private void AdvanceHead()
    {
        while (_head < _records.Length && _state[_head] != Pending)
        {
            _head++;
        }
    }
}
