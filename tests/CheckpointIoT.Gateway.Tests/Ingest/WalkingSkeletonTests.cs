using CheckpointIoT.Gateway.Outbox;
using CheckpointIoT.Gateway.Tests.Fakes;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Gateway.Upload;
using CheckpointIoT.Node.Core.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointIoT.Gateway.Tests.Ingest;

/// <summary>Enrol → node publishes a QR → stored → verdict back → outbox → uploader (real mosquitto, SQLite, HTTP).</summary>
public sealed class WalkingSkeletonTests
{
    [Fact]
    public async Task EnrolThenQrCheckin_StoresVerdictsAndUploads_RecordReachesProvince()
    {
        await using var province = await FaultInjectingProvincialServer.StartAsync();
        await using var gw = await GatewayHarness.StartAsync(null,
            "--Gateway:Upload:Enabled", "true",
            "--Gateway:Upload:BaseUrl", province.BaseAddress.ToString(),
            "--Gateway:Upload:GatewayId", "test-gw",
            "--Gateway:Upload:Token", "test-token",
            "--Gateway:Upload:MaxBatchAge", "00:00:00.200",
            "--Gateway:Upload:PollInterval", "00:00:00.100");
        var enrolled = await gw.EnrolAsync("n-a1b2c3", "cp-demo-1", "in");
        await using var node = await gw.ConnectNodeAsync(enrolled);

        await node.PublishQrAsync(1, Samples.Cccd());
        var verdict = await node.WaitVerdictAsync(1);

        Assert.Equal(VerdictResult.Pass, verdict.Result);
        Assert.Equal(ReasonCode.Ok, verdict.Reason);
        Assert.Equal(1, gw.Store.Count("checkins"));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!province.Stored.ContainsKey("n-a1b2c3:1") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(province.Stored.ContainsKey("n-a1b2c3:1"), "the check-in never reached the provincial endpoint");
        var stats = await gw.App.Services.GetRequiredService<IOutboxStore>().GetStatsAsync(CancellationToken.None);
        for (var i = 0; i < 100 && stats.PendingCount > 0; i++)
        {
            await Task.Delay(50);
            stats = await gw.App.Services.GetRequiredService<IOutboxStore>().GetStatsAsync(CancellationToken.None);
        }

        Assert.Equal(0, stats.PendingCount);
    }

    [Fact]
    public async Task QrCheckin_OutboxRecordCarriesMaskedIdAndHashButNeverTheNumber()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var enrolled = await gw.EnrolAsync("n-out1", "cp-demo-1", "out");
        await using var node = await gw.ConnectNodeAsync(enrolled);

        await node.PublishQrAsync(7, Samples.Cccd("079203004567"));
        await node.WaitVerdictAsync(7);

        var pending = await new SqliteOutboxStore(gw.Store, TimeProvider.System).ReadPendingAsync(10, CancellationToken.None);
        var record = Assert.Single(pending);
        Assert.Equal("n-out1:7", record.RecordId);
        Assert.Equal(OutboxRecordKind.CheckIn, record.Kind);
        Assert.Equal("out", record.Direction);
        Assert.Equal("cccd", record.QrKind);
        Assert.Equal("pass", record.Verdict);
        Assert.Equal("0792******67", record.MaskedId);
        Assert.Matches("^[0-9a-f]{64}$", record.IdHash!);
        Assert.DoesNotContain("079203004567", File.ReadAllText(gw.Store.Path + "-wal", System.Text.Encoding.Latin1) + File.ReadAllText(gw.Store.Path, System.Text.Encoding.Latin1));
    }
}
