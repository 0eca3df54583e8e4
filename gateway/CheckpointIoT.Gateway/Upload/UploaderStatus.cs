using System.Globalization;
using System.Text;

namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// Live counters and gauges of the uploader and the deny-list client, for /metrics and the dashboard.
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

    public CircuitState BreakerState { get; internal set; }

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

    /// <summary>Prometheus text lines (gateway_upload_*), for the gateway's /metrics.</summary>
    public void AppendPrometheus(StringBuilder sb)
    {
        Metric(sb, "gateway_upload_records_total", "counter", "Records confirmed by the province", RecordsUploaded);
        Metric(sb, "gateway_upload_duplicate_records_total", "counter", "Records the province already had", RecordsDuplicate);
        Metric(sb, "gateway_upload_rejected_records_total", "counter", "Records refused by the province", RecordsRejected);
        Metric(sb, "gateway_upload_batches_total", "counter", "Batches answered 200/207/409", BatchesUploaded);
        Metric(sb, "gateway_upload_failures_total", "counter", "Failed upload attempts", BatchFailures);
        Metric(sb, "gateway_upload_bytes_total", "counter", "Request body bytes sent (gzip)", BytesSent);
        Metric(sb, "gateway_upload_pending_records", "gauge", "Records waiting in the outbox", PendingRecords);
        Metric(sb, "gateway_upload_lag_seconds", "gauge", "Age of the oldest pending record", LagSeconds);
        Metric(sb, "gateway_outbox_bytes", "gauge", "Bytes the outbox uses on disk", OutboxBytes);
        Metric(sb, "gateway_outbox_rejected_records", "gauge", "Rejected records kept in the outbox", RejectedInOutbox);
        Metric(sb, "gateway_outbox_over_limit", "gauge", "1 while the outbox exceeds MaxOutboxBytes", OutboxOverLimit ? 1 : 0);
        Metric(sb, "gateway_upload_breaker_state", "gauge", "0 closed, 1 open, 2 half-open", (int)BreakerState);
        Metric(sb, "gateway_denylist_pulls_total", "counter", "Successful deny-list pulls", DenyListPulls);
        Metric(sb, "gateway_denylist_failures_total", "counter", "Failed deny-list pulls", DenyListFailures);
    }

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

    private static void Metric(StringBuilder sb, string name, string type, string help, double value)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        sb.Append(name).Append(' ').Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
    }
}
