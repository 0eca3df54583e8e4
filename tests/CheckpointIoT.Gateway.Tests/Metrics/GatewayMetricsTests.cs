using CheckpointIoT.Gateway.Metrics;
using Prometheus;

namespace CheckpointIoT.Gateway.Tests.Metrics;

/// <summary>The gateway's metrics on prometheus-net, read back by the independent exposition parser.</summary>
public class GatewayMetricsTests
{
    private static async Task<ParsedExposition> ScrapeAsync(GatewayMetrics metrics) => ExpositionParser.Parse(await metrics.Registry.RenderAsync());

    [Fact]
    public async Task Constructor_RegistersTheGatewayMetricsWithTheirTypesAndHelp()
    {
        var metrics = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());

        var parsed = await ScrapeAsync(metrics);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["checkpoint_ingest_messages_total"] = "counter",
                ["checkpoint_checkins_stored_total"] = "counter",
                ["checkpoint_duplicates_total"] = "counter",
                ["checkpoint_rejected_payloads_total"] = "counter",
                ["checkpoint_verdicts_total"] = "counter",
                ["checkpoint_verdict_latency_seconds"] = "histogram",
                ["checkpoint_outbox_depth"] = "gauge",
                ["checkpoint_upload_lag_seconds"] = "gauge",
                ["checkpoint_nodes_online"] = "gauge",
                ["checkpoint_store_degraded"] = "gauge",
            },
            parsed.Types);
        // The help texts dashboards know (unchanged from the hand-written registry).
        Assert.Equal("MQTT messages received by the ingest pipeline, valid or not.", parsed.Help["checkpoint_ingest_messages_total"]);
        Assert.Equal("Payloads rejected before storage, by reason.", parsed.Help["checkpoint_rejected_payloads_total"]);
        Assert.Equal("Time from a check-in's arrival at the gateway to its verdict being published.", parsed.Help["checkpoint_verdict_latency_seconds"]);
        Assert.Equal("Age of the oldest check-in still waiting in the outbox (0 when empty).", parsed.Help["checkpoint_upload_lag_seconds"]);
        Assert.All(parsed.Help.Values, h => Assert.False(string.IsNullOrWhiteSpace(h)));
    }

    [Fact]
    public async Task VerdictLatency_Buckets_From500MicrosecondsToOneSecond()
    {
        var metrics = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());

        var parsed = await ScrapeAsync(metrics);
        var les = parsed.Samples.Where(s => s.Name == "checkpoint_verdict_latency_seconds_bucket").Select(s => s.Labels["le"]).ToList();

        // Spelled as the hand-written registry spelled them, so dashboards' le="..." selectors keep matching.
        Assert.Equal(["0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "+Inf"], les);
    }

    [Fact]
    public async Task Updates_FromThePipeline_ShowInTheScrape()
    {
        var metrics = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());

        metrics.IngestMessages.Inc();
        metrics.IngestMessages.Inc();
        metrics.CheckinsStored.Inc(5L);
        metrics.CountRejected("truncated");
        metrics.CountVerdict("pass");
        metrics.CountVerdict("pass");
        metrics.CountVerdict("fail");
        metrics.VerdictLatency.Observe(TimeSpan.FromMilliseconds(3));
        metrics.OutboxDepth.Track(() => 17);
        metrics.NodesOnline.Set(4);
        var parsed = await ScrapeAsync(metrics);

        Assert.Equal(2, parsed.Value("checkpoint_ingest_messages_total"));
        Assert.Equal(5, parsed.Value("checkpoint_checkins_stored_total"));
        Assert.Equal(1, parsed.Value("checkpoint_rejected_payloads_total", "reason", "truncated"));
        Assert.Equal(2, parsed.Value("checkpoint_verdicts_total", "result", "pass"));
        Assert.Equal(1, parsed.Value("checkpoint_verdicts_total", "result", "fail"));
        Assert.Equal(0, parsed.Value("checkpoint_verdict_latency_seconds_bucket", "le", "0.0025"));
        Assert.Equal(1, parsed.Value("checkpoint_verdict_latency_seconds_bucket", "le", "0.005"));
        Assert.Equal(0.003, parsed.Value("checkpoint_verdict_latency_seconds_sum"), 9);
        Assert.Equal(17, parsed.Value("checkpoint_outbox_depth"));
        Assert.Equal(4, parsed.Value("checkpoint_nodes_online"));
        Assert.Equal(2, metrics.IngestMessages.Value);
        Assert.Equal(1, metrics.RejectedPayloads.WithLabel("truncated").Value);
    }

    [Fact]
    public async Task Track_CallbackGauge_ReadAtEachScrapeAndNaNWhenItThrows()
    {
        var metrics = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());
        var depth = 3;
        metrics.OutboxDepth.Set(99);
        metrics.OutboxDepth.Track(() => depth);
        metrics.UploadLag.Track(() => throw new InvalidOperationException("store gone"));

        Assert.Equal(3, (await ScrapeAsync(metrics)).Value("checkpoint_outbox_depth"));
        depth = 8;
        var parsed = await ScrapeAsync(metrics);

        Assert.Equal(8, parsed.Value("checkpoint_outbox_depth"));
        Assert.True(double.IsNaN(parsed.Value("checkpoint_upload_lag_seconds")));
    }

    [Fact]
    public async Task RegistryCreateGauge_Callback_AppearsWithHelpAndValue()
    {
        var metrics = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());
        var queue = 5.0;
        metrics.Registry.CreateGauge("checkpoint_ingest_queue_depth", "MQTT messages received but not yet processed by ingest.", () => queue);
        queue = 6;

        var parsed = await ScrapeAsync(metrics);

        Assert.Equal("gauge", parsed.Types["checkpoint_ingest_queue_depth"]);
        Assert.Equal(6, parsed.Value("checkpoint_ingest_queue_depth"));
    }

    [Fact]
    public void WithLabel_BeyondMaxLabelValues_CountsUnderOther()
    {
        var metrics = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());
        for (var i = 0; i < metrics.RejectedPayloads.MaxLabelValues; i++)
        {
            metrics.CountRejected("reason_" + i);
        }

        metrics.CountRejected("one_too_many");
        metrics.CountRejected("and_another");

        Assert.Equal(2, metrics.RejectedPayloads.WithLabel(CounterFamily.OverflowLabelValue).Value);
        Assert.Equal(1, metrics.RejectedPayloads.WithLabel("reason_0").Value);
        Assert.Equal("reason", metrics.RejectedPayloads.LabelName);
    }

    [Fact]
    public async Task TwoGatewaysInOneProcess_OwnRegistries_DoNotShareValues()
    {
        var a = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());
        var b = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());

        a.IngestMessages.Inc(3);
        b.IngestMessages.Inc();

        Assert.Equal(3, (await ScrapeAsync(a)).Value("checkpoint_ingest_messages_total"));
        Assert.Equal(1, (await ScrapeAsync(b)).Value("checkpoint_ingest_messages_total"));
    }

    [Fact]
    public async Task Increments_ManyThreadsAtOnce_SumExactly()
    {
        const int threads = 8;
        const int perThread = 50_000;
        var metrics = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());
        using var start = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < perThread; i++)
            {
                metrics.IngestMessages.Inc();
                metrics.CountVerdict((i % 3) switch { 0 => "pass", 1 => "fail", _ => "error" });
                metrics.VerdictLatency.Observe(0.001 * (i % 6));
                metrics.NodesOnline.Inc();
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var parsed = await ScrapeAsync(metrics);
        Assert.Equal(threads * perThread, parsed.Value("checkpoint_ingest_messages_total"));
        Assert.Equal(threads * Enumerable.Range(0, perThread).Count(i => i % 3 == 0), parsed.Value("checkpoint_verdicts_total", "result", "pass"));
        Assert.Equal(threads * perThread, parsed.Samples.Where(s => s.Name == "checkpoint_verdicts_total").Sum(s => s.Value));
        Assert.Equal(threads * perThread, parsed.Value("checkpoint_verdict_latency_seconds_count"));
        Assert.Equal(threads * Enumerable.Range(0, perThread).Count(i => 0.001 * (i % 6) <= 0.0025), parsed.Value("checkpoint_verdict_latency_seconds_bucket", "le", "0.0025"));
        Assert.Equal(threads * perThread, metrics.NodesOnline.Value);
    }
}
