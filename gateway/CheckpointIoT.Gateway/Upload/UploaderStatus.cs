using Polly.CircuitBreaker;

namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// Live counters and gauges of the uploader and the deny-list client, for /metrics (Metrics/UploaderMetrics) and logs.
/// Counters only grow; gauges are refreshed every StatsInterval. Thread-safe reads.
/// </summary>
public sealed class UploaderStatus
{
    private long _recordsUploaded;
    private long _recordsDuplicate;
    private long _recordsRejected;
    private long _batchesUploaded;
    private long _batchFailures;
    private long _bytesSent;
    private long _denyListPulls;
    private long _denyListFailures;
    private long _breakerOpened;

    /// <summary>Records the province confirmed (newly stored or already stored).</summary>
    public long RecordsUploaded => Interlocked.Read(ref _recordsUploaded);

    /// <summary>Of <see cref="RecordsUploaded"/>, those the province already had (resends after a crash or lost answer).</summary>
    public long RecordsDuplicate => Interlocked.Read(ref _recordsDuplicate);

    /// <summary>Records refused by the province (kept in the outbox with the reason).</summary>
    public long RecordsRejected => Interlocked.Read(ref _recordsRejected);

    /// <summary>Batches answered 200/207/409.</summary>
    public long BatchesUploaded => Interlocked.Read(ref _batchesUploaded);

    /// <summary>Failed upload attempts (network, timeout, 429, 5xx, 401...).</summary>
    public long BatchFailures => Interlocked.Read(ref _batchFailures);

    /// <summary>Request body bytes sent (gzip), retries included.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long DenyListPulls => Interlocked.Read(ref _denyListPulls);

    public long DenyListFailures => Interlocked.Read(ref _denyListFailures);

    /// <summary>Records waiting in the outbox.</summary>
    public long PendingRecords { get; internal set; }

    /// <summary>Records the outbox keeps as rejected.</summary>
    public long RejectedInOutbox { get; internal set; }

    /// <summary>Bytes the outbox uses on disk.</summary>
    public long OutboxBytes { get; internal set; }

    /// <summary>Age of the oldest pending record in seconds (0 when nothing is pending): the upload lag.</summary>
    public double LagSeconds { get; internal set; }

    /// <summary>True while <see cref="OutboxBytes"/> ≥ MaxOutboxBytes (the alarm).</summary>
    public bool OutboxOverLimit { get; internal set; }

    /// <summary>True while <see cref="OutboxBytes"/> ≥ OutboxWarningFraction × MaxOutboxBytes.</summary>
    public bool OutboxNearLimit { get; internal set; }

    /// <summary>The uploader's state (<see cref="UploaderStateMachine"/>).</summary>
    public UploaderState State { get; internal set; }

    /// <summary>The Polly circuit breaker's state as last seen.</summary>
    public CircuitState BreakerState { get; internal set; }

    /// <summary>Times the circuit breaker opened since start.</summary>
    public long BreakerOpenCount => Interlocked.Read(ref _breakerOpened);

    public int ConsecutiveFailures { get; internal set; }

    public DateTimeOffset? LastSuccessUtc { get; internal set; }

    /// <summary>The last failure (never contains the token or personal data).</summary>
    public string? LastError { get; internal set; }

    public DateTimeOffset? LastErrorUtc { get; internal set; }

    public string? LastBatchId { get; internal set; }

    /// <summary>Current batch size limit (drops after a 413).</summary>
    public int BatchLimit { get; internal set; }

    public string? DenyListCursor { get; internal set; }

    public DateTimeOffset? DenyListLastSuccessUtc { get; internal set; }

    internal void AddUploaded(int records, int duplicates)
    {
        Interlocked.Add(ref _recordsUploaded, records);
        Interlocked.Add(ref _recordsDuplicate, duplicates);
    }

    internal void AddRejected(int records) => Interlocked.Add(ref _recordsRejected, records);

    internal void AddBatch() => Interlocked.Increment(ref _batchesUploaded);

    internal void AddFailure() => Interlocked.Increment(ref _batchFailures);

    internal void AddBytes(long bytes) => Interlocked.Add(ref _bytesSent, bytes);

    internal void AddDenyListPull() => Interlocked.Increment(ref _denyListPulls);

    internal void AddDenyListFailure() => Interlocked.Increment(ref _denyListFailures);

    internal void AddBreakerOpened() => Interlocked.Increment(ref _breakerOpened);
}
