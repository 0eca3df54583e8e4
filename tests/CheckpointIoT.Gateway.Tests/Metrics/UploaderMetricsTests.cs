using CheckpointIoT.Gateway.Metrics;
using CheckpointIoT.Gateway.Tests.Fakes;
using CheckpointIoT.Gateway.Tests.Upload;
using CheckpointIoT.Gateway.Upload;
using Microsoft.Extensions.Time.Testing;
using static CheckpointIoT.Gateway.Tests.Fakes.FaultInjectingProvincialServer;

namespace CheckpointIoT.Gateway.Tests.Metrics;

/// <summary>The uploader's status, state and breaker as a scrape sees them (fault-injecting endpoint on loopback).</summary>
public sealed class UploaderMetricsTests
{
    [Fact]
    public async Task Register_BreakerOpensThenRecovers_ScrapeFollowsStateBreakerAndCounters()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var endpoint = await StartAsync();
        endpoint.Enqueue(Status(500), Status(500), Status(503));
        var store = new InMemoryOutboxStore();
        store.Add(new RecordFactory(61).Mixed(20));
        var options = UploadTestSupport.Options(endpoint.BaseAddress);
        using var api = new ProvincialApiClient(options, time: clock);
        var uploader = new ProvincialUploader(store, api, options, time: clock, random: UploadBackoff.Seeded(61));
        var registry = Prometheus.Metrics.NewCustomRegistry();
        UploaderMetrics.Register(registry, uploader);

        for (var i = 0; i < 3; i++)
        {
            await uploader.UploadOnceAsync(CancellationToken.None);
        }
        var open = ExpositionParser.Parse(await registry.RenderAsync());
        clock.Advance(options.BreakerOpenDuration);
        await uploader.UploadOnceAsync(CancellationToken.None);
        var closed = ExpositionParser.Parse(await registry.RenderAsync());

        Assert.Equal(1, open.Value("gateway_upload_breaker_state"));
        Assert.Equal(1, open.Value("gateway_upload_state", "state", "circuit_open"));
        Assert.Equal(0, open.Value("gateway_upload_state", "state", "idle"));
        Assert.Equal(1, open.Value("gateway_upload_breaker_opened_total"));
        Assert.Equal(3, open.Value("gateway_upload_failures_total"));
        Assert.Equal(3, open.Value("gateway_upload_consecutive_failures"));
        Assert.Equal(0, open.Value("gateway_upload_records_total"));

        Assert.Equal(0, closed.Value("gateway_upload_breaker_state"));
        Assert.Equal(1, closed.Value("gateway_upload_state", "state", "idle"));
        Assert.Equal(20, closed.Value("gateway_upload_records_total"));
        Assert.Equal(1, closed.Value("gateway_upload_batches_total"));
        Assert.Equal(0, closed.Value("gateway_upload_consecutive_failures"));
        Assert.Equal(uploader.Status.BytesSent, closed.Value("gateway_upload_bytes_total"));
        Assert.Equal("counter", closed.Types["gateway_denylist_pulls_total"]);
    }
}
