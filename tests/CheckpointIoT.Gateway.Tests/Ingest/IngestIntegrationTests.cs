using System.Diagnostics;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Mosquitto;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointIoT.Gateway.Tests.Ingest;

/// <summary>Issue item 7 against a real mosquitto and a real SQLite file.</summary>
public sealed class IngestIntegrationTests
{
    [Fact]
    public async Task AnonymousClient_IsRefusedByBroker()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var anonymous = new MqttClient(new MqttClientOptions { Host = gw.Broker.Host, Port = gw.Broker.Port, ClientId = "anon" });

        var ex = await Assert.ThrowsAsync<MqttException>(() => anonymous.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WrongPassword_IsRefusedByBroker()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var enrolled = await gw.EnrolAsync("n-pw");

        await Assert.ThrowsAsync<MqttException>(() => TestNode.ConnectAsync(gw.Broker.Host, gw.Broker.Port, "n-pw", enrolled.Password + "x"));
    }

    [Fact]
    public async Task NodeA_PublishingOnNodeBTopic_IsDroppedByBroker()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var a = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-aaa"));
        await using var b = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-bbb"));

        // A forges B's frame on B's topic (ACL: write only cp/v1/n-aaa/#), then checks in honestly.
        await a.Client.PublishAsync(Topics.Up("n-bbb"), TestNode.QrFrame("n-bbb", 1, Samples.Cccd()), 1);
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
        try
        {
            await a.Client.SubscribeAsync("cp/v1/+/verdict", 1).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (MqttException)
        {
            // Refusing the subscription outright is fine too.
        }

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
    public async Task StatusAndPresence_AreStoredAndAcked_NodeHealthUpdated()
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

        await node.Client.PublishAsync(Topics.Status("n-st"), TestNode.StatusFrame("n-st", 10, status), 1);
        await node.PublishUpAsync(TestNode.PresenceFrame("n-st", 11, beacons, now));
        var statusAck = await node.WaitVerdictAsync(10);
        var presenceAck = await node.WaitVerdictAsync(11);

        Assert.Equal(VerdictResult.Ack, statusAck.Result);
        Assert.Equal(VerdictResult.Ack, presenceAck.Result);
        Assert.Equal(2, gw.Store.Count("presence_records"));
        Assert.Equal(2, gw.Store.CountPendingOutbox());
        var row = Assert.Single(gw.Store.LoadNodes());
        Assert.Equal("1.2.3", row.FirmwareVersion);
        Assert.True(row.Online);
        Assert.Equal(ScannerHealth.Ok, row.Scanner);
    }

    [Fact]
    public async Task StatusAsHexText_TheEsp32LastWillForm_IsDecodedAndMarksNodeOffline()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-hex"));
        var online = new NodeStatus { Online = true, FirmwareVersion = "esp-1.0", Scanner = ScannerHealth.Ok };
        await node.Client.PublishAsync(Topics.Status("n-hex"), TestNode.StatusFrame("n-hex", 20, online), 1);
        await node.WaitVerdictAsync(20);
        Assert.True(Assert.Single(gw.Store.LoadNodes()).Online);

        var will = new NodeStatus { Online = false, FirmwareVersion = "esp-1.0" };
        byte[] hexText = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(TestNode.StatusFrame("n-hex", 21, will)).ToLowerInvariant());
        await node.Client.PublishAsync(Topics.Status("n-hex"), hexText, 1);
        var ack = await node.WaitVerdictAsync(21);

        Assert.Equal(VerdictResult.Ack, ack.Result);
        Assert.False(Assert.Single(gw.Store.LoadNodes()).Online);
    }

    [Fact]
    public async Task BrokerKilledMidStream_IsRestarted_AndNoCheckinIsLost()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var supervisor = gw.App.Services.GetRequiredService<EmbeddedBrokerSupervisor>();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-rst"));
        const int total = 60;

        for (uint seq = 1; seq <= total; seq++)
        {
            if (seq == total / 2)
            {
                Process.GetProcessById(supervisor.ProcessId!.Value).Kill();
            }

            await SendAsync(node, seq);
            await Task.Delay(10);
        }

        // The node's contract: keep re-sending a record until its verdict arrives.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var missing = Enumerable.Range(1, total).Select(i => (uint)i).Where(s => !node.TryGetVerdict(s, out _)).ToList();
            if (missing.Count == 0)
            {
                break;
            }

            await Task.Delay(1000);
            foreach (var s in missing)
            {
                await SendAsync(node, s);
            }
        }

        Assert.All(Enumerable.Range(1, total), i => Assert.True(node.TryGetVerdict((uint)i, out _), $"no verdict for {i}"));
        Assert.Equal(total, gw.Store.Count("checkins"));
        Assert.True(gw.Metrics.BrokerRestarts.Value >= 1);
        Assert.True(supervisor.IsRunning);
    }

    private static async Task SendAsync(TestNode node, uint seq)
    {
        try
        {
            await node.PublishQrAsync(seq, Samples.Cccd("0010990" + seq.ToString("D5"))).WaitAsync(TimeSpan.FromMilliseconds(200));
        }
        catch (Exception ex) when (ex is MqttException or TimeoutException)
        {
            // Not acknowledged yet (broker down): libmosquitto keeps it queued, and the retry loop re-sends.
        }
    }
}
