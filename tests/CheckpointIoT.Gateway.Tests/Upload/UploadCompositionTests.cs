using CheckpointIoT.Gateway.Outbox;
using CheckpointIoT.Gateway.Tests.Metrics;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Gateway.Upload;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointIoT.Gateway.Tests.Upload;

/// <summary>The real gateway host: the composition root builds the uploader, the hosted service runs it, /metrics shows it.</summary>
public sealed class UploadCompositionTests
{
    [Fact]
    public async Task GatewayApp_UploadEnabled_UploaderIsADiSingletonRunByTheHostedServiceAndOnMetrics()
    {
        var (server, dir) = await UploadTestSupport.StartServerAsync();
        try
        {
            await using var gw = await GatewayHarness.StartAsync(null,
                "--Gateway:Upload:Enabled", "true",
                "--Gateway:Upload:BaseUrl", server.BaseAddress.ToString(),
                "--Gateway:Upload:GatewayId", UploadTestSupport.GatewayId,
                "--Gateway:Upload:Token", UploadTestSupport.Token,
                "--Gateway:Upload:PollInterval", "00:00:00.050");
            var sp = gw.App.Services;
            var uploader = sp.GetRequiredService<ProvincialUploader>();

            Assert.Same(uploader, sp.GetRequiredService<UploadHostedService>().Uploader);
            Assert.NotNull(sp.GetService<DenyListClient>());
            Assert.NotNull(sp.GetService<ProvincialApiClient>());
            await ProvincialUploaderTests.WaitUntilAsync(() => uploader.State == UploaderState.Idle);

            var parsed = ExpositionParser.Parse(await gw.Http.GetStringAsync("/metrics"));

            Assert.Equal(1, parsed.Value("gateway_upload_state", "state", "idle"));
            Assert.Equal(0, parsed.Value("gateway_upload_state", "state", "circuit_open"));
            Assert.Equal(5, parsed.Samples.Count(s => s.Name == "gateway_upload_state"));
            Assert.Equal(0, parsed.Value("gateway_upload_breaker_state"));
            Assert.Equal("counter", parsed.Types["gateway_upload_records_total"]);
            Assert.Equal("0 closed, 1 open, 2 half-open", parsed.Help["gateway_upload_breaker_state"]);
            Assert.Equal("gauge", parsed.Types["checkpoint_outbox_depth"]);
            Assert.Contains("process_cpu_seconds_total", parsed.Types.Keys); // prometheus-net's process collectors, on the gateway's registry
        }
        finally
        {
            await UploadTestSupport.StopServerAsync(server, dir);
        }
    }

    [Fact]
    public async Task GatewayApp_UploadDisabled_NothingBuiltAndNoUploaderMetrics()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var sp = gw.App.Services;

        Assert.Null(sp.GetService<ProvincialUploader>());
        Assert.Null(sp.GetService<DenyListClient>());
        Assert.Null(sp.GetRequiredService<UploadHostedService>().Uploader);
        var parsed = ExpositionParser.Parse(await gw.Http.GetStringAsync("/metrics"));
        Assert.DoesNotContain("gateway_upload_state", parsed.Types.Keys);
        Assert.Contains("checkpoint_ingest_messages_total", parsed.Types.Keys);
    }
}
