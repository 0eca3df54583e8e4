using Prometheus;

namespace CheckpointIoT.Gateway.Metrics;

/// <summary>
/// The gateway's own metrics (table in README.md) on prometheus-net collectors in the gateway's own
/// <see cref="CollectorRegistry"/> (not the static default: several gateway hosts in one process do not collide).
/// One singleton; the ingest pipeline, store, uploader and broker supervisor update the members directly.
/// Label values are fixed words from code (reason/result names), never payload content.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>Verdict latency buckets in seconds, 0.5 ms to 1 s.</summary>
    public static readonly IReadOnlyList<double> VerdictLatencyBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    public GatewayMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Registry = registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        IngestMessages = factory.CreateCounter(
            "checkpoint_ingest_messages_total",
            "MQTT messages received by the ingest pipeline, valid or not.");
        CheckinsStored = factory.CreateCounter(
            "checkpoint_checkins_stored_total",
            "Check-ins newly written to the store.");
        Duplicates = factory.CreateCounter(
            "checkpoint_duplicates_total",
            "Check-ins already stored under the same (node id, node sequence), acknowledged and dropped.");
        RejectedPayloads = new CounterFamily(factory.CreateCounter(
            "checkpoint_rejected_payloads_total",
            "Payloads rejected before storage, by reason.",
            "reason"), 100);
        Verdicts = new CounterFamily(factory.CreateCounter(
            "checkpoint_verdicts_total",
            "Verdicts sent back to nodes, by result.",
            "result"), 100);
        VerdictLatency = factory.CreateHistogram(
            "checkpoint_verdict_latency_seconds",
            "Time from a check-in's arrival at the gateway to its verdict being published.",
            new HistogramConfiguration { Buckets = [.. VerdictLatencyBuckets] });
        OutboxDepth = new ScrapedGauge(factory.CreateGauge(
            "checkpoint_outbox_depth",
            "Check-ins stored but not yet accepted by the provincial API."), registry);
        UploadLag = new ScrapedGauge(factory.CreateGauge(
            "checkpoint_upload_lag_seconds",
            "Age of the oldest check-in still waiting in the outbox (0 when empty)."), registry);
        NodesOnline = new ScrapedGauge(factory.CreateGauge(
            "checkpoint_nodes_online",
            "Door nodes currently connected (status online)."), registry);
        StoreDegraded = new ScrapedGauge(factory.CreateGauge(
            "checkpoint_store_degraded",
            "1 while the store's last write failed (disk full, I/O error): check-ins get no verdict and stay on the nodes."), registry);
    }

    /// <summary>The registry /metrics serves; add gauges read at scrape time with <c>Registry.CreateGauge(name, help, () =&gt; value)</c>.</summary>
    public CollectorRegistry Registry { get; }

    public Counter IngestMessages { get; }

    public Counter CheckinsStored { get; }

    public Counter Duplicates { get; }

    /// <summary>Label "reason", e.g. WithLabel("truncated").</summary>
    public CounterFamily RejectedPayloads { get; }

    /// <summary>Label "result", e.g. WithLabel("pass").</summary>
    public CounterFamily Verdicts { get; }

    /// <summary>Seconds; <c>VerdictLatency.Observe(stopwatch.Elapsed)</c>.</summary>
    public Histogram VerdictLatency { get; }

    /// <summary>Set it, or <c>OutboxDepth.Track(() =&gt; store.CountPending())</c> to read it at scrape time.</summary>
    public ScrapedGauge OutboxDepth { get; }

    public ScrapedGauge UploadLag { get; }

    public ScrapedGauge NodesOnline { get; }

    /// <summary>1 while store writes fail, else 0; tracks <c>GatewayStore.Health</c>.</summary>
    public ScrapedGauge StoreDegraded { get; }

    public void CountRejected(string reason) => RejectedPayloads.WithLabel(reason).Inc();

    public void CountVerdict(string result) => Verdicts.WithLabel(result).Inc();
}
