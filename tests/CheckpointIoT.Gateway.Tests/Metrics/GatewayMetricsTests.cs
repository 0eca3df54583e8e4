using CheckpointIoT.Gateway.Metrics;

namespace CheckpointIoT.Gateway.Tests.Metrics;

public class GatewayMetricsTests
{
    [Fact]
    public void Constructor_RegistersTheGatewayMetricsWithTheirTypes()
    {
        var metrics = new GatewayMetrics(new MetricsRegistry());

        var parsed = ExpositionParser.Parse(metrics.Registry.Render());

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
                ["checkpoint_broker_restarts_total"] = "counter",
                ["checkpoint_nodes_online"] = "gauge",
            },
            parsed.Types);
        Assert.All(parsed.Help.Values, h => Assert.False(string.IsNullOrWhiteSpace(h)));
    }

    [Fact]
    public void VerdictLatency_Buckets_From500MicrosecondsToOneSecond()
    {
        var metrics = new GatewayMetrics(new MetricsRegistry());

        var parsed = ExpositionParser.Parse(metrics.Registry.Render());
        var les = parsed.Samples.Where(s => s.Name == "checkpoint_verdict_latency_seconds_bucket").Select(s => s.Labels["le"]).ToList();

        Assert.Equal("0.0005", les[0]);
        Assert.Equal("1", les[^2]);
        Assert.Equal("+Inf", les[^1]);
    }

    [Fact]
    public void Updates_FromThePipeline_ShowInTheScrape()
    {
        var metrics = new GatewayMetrics(new MetricsRegistry());

        metrics.IngestMessages.Inc();
        metrics.IngestMessages.Inc();
        metrics.CountRejected("truncated");
        metrics.CountVerdict("pass");
        metrics.CountVerdict("pass");
        metrics.CountVerdict("fail");
        metrics.VerdictLatency.Observe(TimeSpan.FromMilliseconds(3));
        metrics.OutboxDepth.Track(() => 17);
        metrics.NodesOnline.Set(4);
        var parsed = ExpositionParser.Parse(metrics.Registry.Render());

        Assert.Equal(2, parsed.Value("checkpoint_ingest_messages_total"));
        Assert.Equal(1, parsed.Value("checkpoint_rejected_payloads_total", "reason", "truncated"));
        Assert.Equal(2, parsed.Value("checkpoint_verdicts_total", "result", "pass"));
        Assert.Equal(1, parsed.Value("checkpoint_verdicts_total", "result", "fail"));
        Assert.Equal(0, parsed.Value("checkpoint_verdict_latency_seconds_bucket", "le", "0.0025"));
        Assert.Equal(1, parsed.Value("checkpoint_verdict_latency_seconds_bucket", "le", "0.005"));
        Assert.Equal(17, parsed.Value("checkpoint_outbox_depth"));
        Assert.Equal(4, parsed.Value("checkpoint_nodes_online"));
        Assert.Equal(0, parsed.Value("checkpoint_broker_restarts_total"));
    }
}
