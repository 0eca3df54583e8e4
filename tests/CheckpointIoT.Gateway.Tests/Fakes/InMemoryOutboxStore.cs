using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Fakes;

/// <summary>
/// An <see cref="IOutboxStore"/> in memory for uploader logic tests: records keep their state (pending, uploaded,
/// rejected with reason) and every state change is counted, so tests can prove nothing was lost or marked twice.
/// </summary>
public sealed class InMemoryOutboxStore : IOutboxStore
{
    public enum State
    {
        Pending,
        Uploaded,
        Rejected,
    }

    private readonly object _lock = new();
    private readonly List<OutboxRecord> _records = [];
    private readonly Dictionary<long, State> _state = [];
    private readonly Dictionary<long, string> _reasons = [];
    private readonly Dictionary<long, int> _uploadMarks = [];

    /// <summary>What GetStatsAsync reports as disk use.</summary>
    public long Bytes { get; set; }

    /// <summary>The next this-many MarkUploadedAsync calls throw (a crash between the server's answer and the local commit).</summary>
    public int FailNextMarkUploaded { get; set; }

    /// <summary>The next this-many ReadPendingAsync calls throw (disk trouble).</summary>
    public int FailNextRead { get; set; }

    public int ReadCalls { get; private set; }

    public void Add(IEnumerable<OutboxRecord> records)
    {
        lock (_lock)
        {
            foreach (var r in records)
            {
                _records.Add(r);
                _state[r.OutboxId] = State.Pending;
            }
        }
    }

    public State StateOf(long outboxId)
    {
        lock (_lock)
        {
            return _state[outboxId];
        }
    }

    public string? ReasonOf(long outboxId)
    {
        lock (_lock)
        {
            return _reasons.GetValueOrDefault(outboxId);
        }
    }

    public int Count(State state)
    {
        lock (_lock)
        {
            return _state.Values.Count(s => s == state);
        }
    }

    /// <summary>Records marked uploaded more than once (must stay empty).</summary>
    public IReadOnlyList<long> MarkedUploadedTwice()
    {
        lock (_lock)
        {
            return _uploadMarks.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        }
    }

    public IReadOnlyList<OutboxRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return _records.ToList();
            }
        }
    }

    public Task<IReadOnlyList<OutboxRecord>> ReadPendingAsync(int max, CancellationToken ct)
    {
        lock (_lock)
        {
            ReadCalls++;
            if (FailNextRead > 0)
            {
                FailNextRead--;
                throw new IOException("simulated disk error");
            }
            IReadOnlyList<OutboxRecord> list = _records.Where(r => _state[r.OutboxId] == State.Pending).Take(max).ToList();
            return Task.FromResult(list);
        }
    }

    public Task MarkUploadedAsync(IReadOnlyList<long> outboxIds, CancellationToken ct)
    {
        lock (_lock)
        {
            if (FailNextMarkUploaded > 0)
            {
                FailNextMarkUploaded--;
                throw new IOException("simulated crash before the outbox commit");
            }
            foreach (var id in outboxIds)
            {
                if (_state.TryGetValue(id, out var s) && s == State.Pending)
                {
                    _state[id] = State.Uploaded;
                    _uploadMarks[id] = _uploadMarks.GetValueOrDefault(id) + 1;
                }
                else if (s == State.Uploaded)
                {
                    _uploadMarks[id] = _uploadMarks.GetValueOrDefault(id) + 1;
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task MarkRejectedAsync(long outboxId, string reason, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_state.TryGetValue(outboxId, out var s) && s == State.Pending)
            {
                _state[outboxId] = State.Rejected;
                _reasons[outboxId] = reason;
            }
        }
        return Task.CompletedTask;
    }

    public Task<OutboxStats> GetStatsAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            var pending = _records.Where(r => _state[r.OutboxId] == State.Pending).ToList();
            return Task.FromResult(new OutboxStats(pending.Count, pending.Count == 0 ? null : pending.Min(r => r.TimestampMs),
                _state.Values.Count(s => s == State.Rejected), Bytes));
        }
    }
}
