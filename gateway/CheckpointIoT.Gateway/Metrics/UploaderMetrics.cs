using CheckpointIoT.Gateway.Upload;
using Polly.CircuitBreaker;
using Prometheus;

namespace CheckpointIoT.Gateway.Metrics;

/// <summary>
/// Publishes a <see cref="ProvincialUploader"/>'s <see cref="UploaderStatus"/>, its state and its circuit breaker in the
/// gateway's registry (gateway_upload_* / gateway_outbox_* / gateway_denylist_*, table in README.md). Everything is
/// read from the uploader at scrape time (one before-collect callback); counters follow the status with IncTo.
/// </summary>
public static class UploaderMetrics
{
    /// <summary>Label values of gateway_upload_state, in <see cref="UploaderState"/> order.</summary>
    public static readonly IReadOnlyList<string> StateLabels = ["stopped", "idle", "sending", "backing_off", "circuit_open"];

    public static void Register(CollectorRegistry registry, ProvincialUploader uploader)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(uploader);
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        f.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        var s = uploader.Status;
        var counters = new (Counter Counter, Func<double> Read)[]
        {
            (f.CreateCounter("gateway_upload_records_total", "Records confirmed by the province"), () => s.RecordsUploaded),
            (f.CreateCounter("gateway_upload_duplicate_records_total", "Records the province already had"), () => s.RecordsDuplicate),
            (f.CreateCounter("gateway_upload_rejected_records_total", "Records refused by the province"), () => s.RecordsRejected),
            (f.CreateCounter("gateway_upload_batches_total", "Batches answered 200/207/409"), () => s.BatchesUploaded),
            (f.CreateCounter("gateway_upload_failures_total", "Failed upload attempts"), () => s.BatchFailures),
            (f.CreateCounter("gateway_upload_bytes_total", "Request body bytes sent (gzip)"), () => s.BytesSent),
            (f.CreateCounter("gateway_upload_breaker_opened_total", "Times the upload circuit breaker opened"), () => s.BreakerOpenCount),
            (f.CreateCounter("gateway_denylist_pulls_total", "Successful deny-list pulls"), () => s.DenyListPulls),
            (f.CreateCounter("gateway_denylist_failures_total", "Failed deny-list pulls"), () => s.DenyListFailures),
        };
        var gauges = new (Gauge Gauge, Func<double> Read)[]
        {
            (f.CreateGauge("gateway_upload_pending_records", "Records waiting in the outbox"), () => s.PendingRecords),
            (f.CreateGauge("gateway_upload_lag_seconds", "Age of the oldest pending record"), () => s.LagSeconds),
            (f.CreateGauge("gateway_outbox_bytes", "Bytes the outbox uses on disk"), () => s.OutboxBytes),
            (f.CreateGauge("gateway_outbox_rejected_records", "Rejected records kept in the outbox"), () => s.RejectedInOutbox),
            (f.CreateGauge("gateway_outbox_over_limit", "1 while the outbox exceeds MaxOutboxBytes"), () => s.OutboxOverLimit ? 1 : 0),
            (f.CreateGauge("gateway_upload_breaker_state", "0 closed, 1 open, 2 half-open"), () => BreakerValue(uploader.BreakerState)),
            (f.CreateGauge("gateway_upload_consecutive_failures", "Failed attempts since the last answer from the province"), () => s.ConsecutiveFailures),
            (f.CreateGauge("gateway_upload_batch_limit", "Current batch size limit (halved after a 413)"), () => s.BatchLimit),
        };
        var state = f.CreateGauge("gateway_upload_state", "1 for the uploader's current state (stopped, idle, sending, backing_off, circuit_open), else 0", "state");
        var stateChildren = StateLabels.Select(l => state.WithLabels(l)).ToArray();
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (counter, read) in counters)
            {
                counter.IncTo(read());
            }
            foreach (var (gauge, read) in gauges)
            {
                gauge.Set(read());
            }
            var current = (int)uploader.State;
            for (var i = 0; i < stateChildren.Length; i++)
            {
                stateChildren[i].Set(i == current ? 1 : 0);
            }
        });
    }

    private static double BreakerValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.Open or CircuitState.Isolated => 1,
        CircuitState.HalfOpen => 2,
        _ => double.NaN,
    };
}
