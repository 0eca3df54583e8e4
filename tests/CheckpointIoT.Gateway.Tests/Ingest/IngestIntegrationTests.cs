using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Wire;
using MQTTnet;
using MQTTnet.Protocol;

namespace CheckpointIoT.Gateway.Tests.Ingest;

/// <summary>Issue item 7 against the embedded MQTTnet broker (MQTTnet clients speaking 3.1.1) and a real SQLite file.</summary>
public sealed class IngestIntegrationTests
{
    [Fact]
    public async Task AnonymousClient_IsRefusedByBroker()
    {
        await using var gw = await GatewayHarness.StartAsync();

        var code = await TestNode.LoginAsync(gw.Broker.Host, gw.Broker.Port, null, null, clientId: "anon");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
    }

    [Fact]
    public async Task WrongPassword_IsRefusedByBroker()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var enrolled = await gw.EnrolAsync("n-pw");

        var refused = await Assert.ThrowsAsync<LoginRefusedException>(() => TestNode.ConnectAsync(gw.Broker.Host, gw.Broker.Port, "n-pw", enrolled.Password + "x"));

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.Code);
    }

    [Fact]
    public async Task NodeA_PublishingOnNodeBTopic_IsDroppedByBroker()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var a = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-aaa"));
        await using var b = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-bbb"));

        // A forges B's frame on B's topic (ACL: write only cp/v1/n-aaa/#), then checks in honestly.
        await a.PublishAsync(Topics.Up("n-bbb"), TestNode.QrFrame("n-bbb", 1, Samples.Cccd()));
        await a.PublishQrAsync(2, Samples.Cccd("001099099999"));
        await a.WaitVerdictAsync(2);

        Assert.Equal(1, gw.Store.Count("checkins"));
        Assert.False(b.TryGetVerdict(1, out _));
    }

    [Fact]
    public async Task NodeA_PublishingNodeBFrameOnOwnTopic_IsRejectedAndCounted()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var a = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-aaa"));
        await gw.EnrolAsync("n-bbb");

        await a.PublishUpAsync(TestNode.QrFrame("n-bbb", 1, Samples.Cccd()));
        await a.PublishQrAsync(2, Samples.Cccd());
        await a.WaitVerdictAsync(2);

        Assert.Equal(1, gw.Metrics.RejectedPayloads.WithLabel("node_mismatch").Value);
        Assert.Equal(1, gw.Store.Count("checkins"));
    }

    [Fact]
    public async Task NodeA_SubscribedToAllVerdicts_NeverReceivesNodeBVerdict()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var a = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-aaa"));
        await using var b = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-bbb"));
        var sub = await a.Client.SubscribeAsync("cp/v1/+/verdict", MqttQualityOfServiceLevel.AtLeastOnce).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, sub.Items.Single().ResultCode); // MQTT 3.1.1: 0x80 failure

        await b.PublishQrAsync(1, Samples.Cccd());
        await b.WaitVerdictAsync(1);
        await a.PublishQrAsync(1, Samples.Cccd("001099011111"));
        await a.WaitVerdictAsync(1); // A's own verdict arrives after B's was published

        Assert.Empty(a.OtherMessages);
        Assert.DoesNotContain(a.OtherMessages, m => m.Topic == Topics.Verdict("n-bbb"));
    }

    [Fact]
    public async Task DuplicateDelivery_IsStoredOnce_AndStoredVerdictResent()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-dup"));

        await node.PublishQrAsync(5, Samples.Cccd());
        var first = await node.WaitVerdictAsync(5);
        await node.PublishQrAsync(5, Samples.Cccd());
        await node.PublishQrAsync(6, Samples.Unified("001099077777"));
        await node.WaitVerdictAsync(6);

        Assert.Equal(1, gw.Store.Count("checkins") - 1); // seq 5 once + seq 6
        Assert.Equal(2, node.VerdictCount(5));
        Assert.Equal(1, gw.Metrics.Duplicates.Value);
        Assert.Equal(first.Result, (await node.WaitVerdictAsync(5)).Result);
        Assert.Equal(1, gw.Store.CountPendingOutbox() - 1);
    }

    [Fact]
    public async Task MalformedPayloads_AreRejectedAndCounted_OtherMessagesUnaffected()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-mal"));
        var good = TestNode.QrFrame("n-mal", 1, Samples.Cccd());
        var truncated = good[..(good.Length / 2)];
        var badVersion = (byte[])good.Clone();
        badVersion[0] = 9;

        await node.PublishUpAsync([0xFF, 0x00, 0x13]);
        await node.PublishUpAsync(truncated);
        await node.PublishUpAsync(badVersion);
        await node.PublishUpAsync(good);
        var verdict = await node.WaitVerdictAsync(1);

        Assert.Equal(VerdictResult.Pass, verdict.Result);
        Assert.Equal(1, gw.Store.Count("checkins"));
        Assert.Equal(2, gw.Metrics.RejectedPayloads.WithLabel("unknown_version").Value);
        Assert.Equal(1, gw.Metrics.RejectedPayloads.WithLabel("truncated").Value);
        Assert.Equal(4, gw.Metrics.IngestMessages.Value);
    }

    [Fact]
    public async Task UnknownCode_FailsWithReasonCode()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-unk"));

        await node.PublishQrAsync(1, Samples.Garbage);
        await node.PublishQrAsync(2, "   ");
        var unknown = await node.WaitVerdictAsync(1);
        var empty = await node.WaitVerdictAsync(2);

        Assert.Equal((VerdictResult.Fail, ReasonCode.Unrecognised), (unknown.Result, unknown.Reason));
        Assert.Equal((VerdictResult.Fail, ReasonCode.Empty), (empty.Result, empty.Reason));
        Assert.False(string.IsNullOrEmpty(unknown.DisplayText));
    }

    [Fact]
    public async Task StatusAndPresence_PresenceStoredAndAcked_StatusAppliedWithoutVerdict()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-st"));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var status = new NodeStatus { Online = true, FirmwareVersion = "1.2.3", UptimeSeconds = 60, FreeMemoryBytes = 40000, QueueDepth = 2, WifiRssi = -60, Scanner = ScannerHealth.Ok };
        PresenceRecord[] beacons =
        [
            new() { Type = BeaconType.Gaen, Id = new byte[16], FirstSeenMs = now - 5000, LastSeenMs = now - 1000, MaxRssi = -50, MeanRssi = -60, Count = 4, AtDoor = true },
            new() { Type = BeaconType.BluezoneV1, Id = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], FirstSeenMs = now - 3000, LastSeenMs = now, MaxRssi = -70, MeanRssi = -75, Count = 2 },
        ];

        // As the firmware does: the status frame (sequence 0, retained), then a queued presence batch.
        await node.PublishAsync(Topics.Status("n-st"), TestNode.FirmwareStatusFrame("n-st", status), retain: true);
        await node.PublishUpAsync(TestNode.PresenceFrame("n-st", 1, beacons, now));
        var presenceAck = await node.WaitVerdictAsync(1);

        Assert.Equal(VerdictResult.Ack, presenceAck.Result);
        Assert.Equal(0, node.VerdictCount(0)); // ingest is in order: a verdict for the status would have come first
        Assert.Equal(2, gw.Store.Count("presence_records"));
        Assert.Equal(2, gw.Store.CountPendingOutbox());
        var row = Assert.Single(gw.Store.LoadNodes());
        Assert.Equal("1.2.3", row.FirmwareVersion);
        Assert.True(row.Online);
        Assert.Equal(ScannerHealth.Ok, row.Scanner);
        Assert.Equal(60, row.UptimeSeconds);
    }

    [Fact]
    public async Task StatusAsHexText_TheEsp32LastWillForm_IsDecodedAndMarksNodeOffline()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-hex"));
        var online = new NodeStatus { Online = true, FirmwareVersion = "esp-1.0", Scanner = ScannerHealth.Ok };
        await node.PublishAsync(Topics.Status("n-hex"), TestNode.FirmwareStatusFrame("n-hex", online), retain: true);
        await WaitUntilAsync(() => Assert.Single(gw.Store.LoadNodes()).Online == true);

        byte[] hexText = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(TestNode.FirmwareLastWill("n-hex", "esp-1.0")).ToLowerInvariant());
        await node.PublishAsync(Topics.Status("n-hex"), hexText, retain: true);
        await WaitUntilAsync(() => Assert.Single(gw.Store.LoadNodes()).Online == false);

        Assert.Equal(0, node.VerdictCount(0));
        Assert.NotNull(gw.Store.LoadNodes().Single().LastWillMs);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(20);
        }
    }
}
