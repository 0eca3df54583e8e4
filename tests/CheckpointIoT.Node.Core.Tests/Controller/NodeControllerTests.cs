using System.Text;
using Xunit.Abstractions;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Tests.Ble;
using CheckpointIoT.Node.Core.Tests.Fakes;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Tests.Controller;

public class NodeControllerTests(ITestOutputHelper output)
{
    private const string IdCard = "001099012345||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021";

    private readonly FakeMqttLink _mqtt = new();
    private readonly ManualClock _clock = new();
    private readonly RecordingNodeIndicator _indicator = new();
    private readonly MemoryQueueStorage _storage = new();

    private static NodeConfig Config() => new()
    {
        NodeId = "n-a1b2c3",
        CheckpointId = "cp-1",
        Direction = DoorDirection.In,
        BrokerHost = "127.0.0.1",
        MqttUsername = "n-a1b2c3",
        MqttPassword = "secret-password",
        VerdictTimeoutMs = 1500,
        DebounceMs = 3000,
    };

    private NodeController NewController(NodeConfig? config = null, QueueOptions? options = null, PresenceTable? presence = null)
    {
        var queue = new OfflineQueue(_storage, options ?? new QueueOptions());
        queue.Open();
        return new NodeController(config ?? Config(), new NodeParts
        {
            Mqtt = _mqtt,
            Clock = _clock,
            Indicator = _indicator,
            Log = _indicator,
            Queue = queue,
            Presence = presence,
        });
    }

    private uint Scan(NodeController controller, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return controller.OnScan(bytes, 0, bytes.Length);
    }

    private static CheckinMessage Decode(byte[] frame)
    {
        var message = new CheckinMessage();
        Assert.Equal(DecodeError.None, WireCodec.DecodeCheckin(frame, 0, frame.Length, message));
        return message;
    }

    private void SendVerdict(uint sequence, VerdictResult result)
    {
        _mqtt.Deliver(Topics.Verdict("n-a1b2c3"), WireCodec.EncodeVerdict(new VerdictMessage { Sequence = sequence, Result = result, Reason = ReasonCode.Ok }));
    }

    private List<CheckinMessage> Ups() =>
        _mqtt.Published.Where(p => p.Topic == Topics.Up("n-a1b2c3")).Select(p => Decode(p.Payload)).ToList();

    [Fact]
    public void Tick_BrokerUp_ConnectsSubscribesAndPublishesRetainedStatus()
    {
        var controller = NewController();
        controller.Tick();
        Assert.Equal(LinkState.Online, controller.Link);
        Assert.Contains(Topics.Verdict("n-a1b2c3"), _mqtt.Subscriptions);
        var status = Assert.Single(_mqtt.Published, p => p.Topic == Topics.Status("n-a1b2c3"));
        Assert.True(status.Retain);
        Assert.Equal(CheckinKind.Status, Decode(status.Payload).Kind);
    }

    [Fact]
    public void OnScan_Online_PublishesCheckinAndShowsGatewayVerdict()
    {
        var controller = NewController();
        controller.Tick();
        uint sequence = Scan(controller, IdCard);

        var up = Assert.Single(Ups());
        Assert.Equal(sequence, up.Sequence);
        Assert.Equal(CheckinKind.QrScan, up.Kind);
        Assert.Equal(DoorDirection.In, up.Direction);
        Assert.False(up.OfflineVerdict);
        Assert.Equal(DoorState.AwaitingVerdict, controller.Door);
        Assert.Equal(1, controller.QueueDepth);

        SendVerdict(sequence, VerdictResult.Pass);

        Assert.Equal(DoorState.Ready, controller.Door);
        Assert.Equal(NodeSignal.Pass, _indicator.Signals.Last());
        Assert.Equal(0, controller.QueueDepth);
    }

    [Fact]
    public void Tick_NoVerdictBeforeTimeout_ShowsOfflineFallbackAndKeepsRecordQueued()
    {
        var controller = NewController();
        controller.Tick();
        Scan(controller, IdCard);
        _clock.Advance(1499);
        controller.Tick();
        Assert.Equal(DoorState.AwaitingVerdict, controller.Door);
        _clock.Advance(2);
        controller.Tick();
        Assert.Equal(DoorState.Ready, controller.Door);
        Assert.Equal(NodeSignal.OfflinePass, _indicator.Signals.Last());
        Assert.Equal(1, controller.QueueDepth);
    }

    [Fact]
    public void OnScan_BrokerDown_ShowsOfflineVerdictAtOnceAndReplaysWhenBack()
    {
        _mqtt.BrokerUp = false;
        var controller = NewController();
        controller.Tick();
        Assert.Equal(LinkState.Backoff, controller.Link);

        uint first = Scan(controller, IdCard);
        uint second = Scan(controller, "garbage that is no known QR");
        Assert.Equal(NodeSignal.OfflineFail, _indicator.Signals.Last());
        Assert.Contains(NodeSignal.OfflinePass, _indicator.Signals);
        Assert.Empty(Ups());
        Assert.Equal(2, controller.QueueDepth);

        _mqtt.BrokerUp = true;
        _clock.Advance(NodeController.InitialBackoffMs);
        controller.Tick();

        var ups = Ups();
        Assert.Equal([first, second], ups.Select(u => u.Sequence).ToArray());
        Assert.All(ups, u => Assert.True(u.Replayed && u.OfflineVerdict));
        SendVerdict(first, VerdictResult.Pass);
        SendVerdict(second, VerdictResult.Fail);
        Assert.Equal(0, controller.QueueDepth);
    }

    [Fact]
    public void Tick_BrokerStaysDown_BackoffDoublesUpToCap()
    {
        _mqtt.BrokerUp = false;
        var controller = NewController();
        controller.Tick();
        int attempts = _mqtt.ConnectAttempts;
        _clock.Advance(NodeController.InitialBackoffMs - 1);
        controller.Tick();
        Assert.Equal(attempts, _mqtt.ConnectAttempts);
        _clock.Advance(1);
        controller.Tick();
        Assert.Equal(attempts + 1, _mqtt.ConnectAttempts);
        _clock.Advance(NodeController.InitialBackoffMs * 2 - 1);
        controller.Tick();
        Assert.Equal(attempts + 1, _mqtt.ConnectAttempts);
        _clock.Advance(1);
        controller.Tick();
        Assert.Equal(attempts + 2, _mqtt.ConnectAttempts);
        for (int i = 0; i < 20; i++)
        {
            _clock.Advance(NodeController.MaxBackoffMs);
            controller.Tick();
        }
        Assert.Equal(attempts + 22, _mqtt.ConnectAttempts);
    }

    [Fact]
    public void OnScan_SameCodeWithinDebounceWindow_IsIgnored()
    {
        var controller = NewController();
        controller.Tick();
        Assert.NotEqual(0u, Scan(controller, IdCard));
        _clock.Advance(1000);
        Assert.Equal(0u, Scan(controller, IdCard));
        _clock.Advance(3000);
        Assert.NotEqual(0u, Scan(controller, IdCard));
        Assert.Equal(1, controller.ScansDebounced);
    }

    [Fact]
    public void Tick_UnackedRecord_IsResentAfterResendInterval()
    {
        var controller = NewController();
        controller.Tick();
        uint sequence = Scan(controller, IdCard);
        _clock.Advance(NodeController.ResendAfterMs - 1);
        controller.Tick();
        Assert.Single(Ups());
        _clock.Advance(1);
        controller.Tick();
        Assert.Equal([sequence, sequence], Ups().Select(u => u.Sequence).ToArray());
    }

    [Fact]
    public void NewController_AfterReboot_ContinuesSequenceAndReplaysQueue()
    {
        _mqtt.BrokerUp = false;
        var before = NewController();
        before.Tick();
        uint a = Scan(before, IdCard);
        _clock.Advance(5000);
        uint b = Scan(before, IdCard + " ");

        _mqtt.BrokerUp = true;
        var after = NewController(); // same storage: a reboot
        _clock.Advance(10);
        uint c = Scan(after, "another code");
        after.Tick();

        Assert.True(b > a && c > b, $"sequences {a}, {b}, {c} must grow across a reboot");
        Assert.Equal([a, b, c], Ups().Select(u => u.Sequence).OrderBy(s => s).ToArray());
    }

    [Fact]
    public void OnMqttMessage_GarbledVerdict_IsCountedAndIgnored()
    {
        var controller = NewController();
        controller.Tick();
        Scan(controller, IdCard);
        _mqtt.Deliver(Topics.Verdict("n-a1b2c3"), [0x01, 0xFF]);
        Assert.Equal(1, controller.RejectedFrames);
        Assert.Equal(1, controller.QueueDepth);
        Assert.Equal(DoorState.AwaitingVerdict, controller.Door);
    }

    [Fact]
    public void OnScan_LongerThanTheWireAllows_IsRejectedNotTruncated()
    {
        var controller = NewController();
        controller.Tick();
        uint sequence = Scan(controller, "HC1:" + new string('A', QrPayload.MaxScanBytes));

        Assert.Equal(0u, sequence);
        Assert.Empty(Ups());
        Assert.Equal(0, controller.QueueDepth);
        Assert.Equal(1, controller.RejectedScans);
        Assert.Equal(NodeSignal.Error, _indicator.Signals.Last());
    }

    [Fact]
    public void NewController_InvalidConfig_ThrowsNamingTheKey()
    {
        var config = Config();
        config.BrokerPort = 0;
        var ex = Assert.Throws<ArgumentException>(() => NewController(config));
        Assert.Contains("broker_port", ex.Message);
    }

    [Fact]
    public void OnScan_LogLines_NeverCarryTheFullIdNumber()
    {
        var controller = NewController();
        controller.Tick();
        Scan(controller, IdCard);
        Assert.DoesNotContain(_indicator.Lines, l => l.Contains("001099012345") || l.Contains("Nguyễn"));
    }

    private int _answered;
    private bool _gatewayAnswers = true;

    /// <summary>The gateway's side: answers every up frame published since the last call (or loses the answers while it cannot).</summary>
    private void Gateway()
    {
        for (; _answered < _mqtt.Published.Count; _answered++)
        {
            var published = _mqtt.Published[_answered];
            if (!_gatewayAnswers || published.Topic != Topics.Up("n-a1b2c3")) continue;
            SendVerdict(Decode(published.Payload).Sequence, VerdictResult.Pass);
        }
    }

    /// <summary>First arrival of each sequence, deduplicated the way the gateway does (on (node, sequence)).</summary>
    private List<uint> FirstArrivals()
    {
        var seen = new HashSet<uint>();
        var first = new List<uint>();
        foreach (var up in Ups())
        {
            if (seen.Add(up.Sequence)) first.Add(up.Sequence);
        }
        return first;
    }

    private void Run(NodeController controller, long ms)
    {
        for (long t = 0; t < ms; t += 50)
        {
            _clock.Advance(50);
            controller.Tick();
            Gateway();
            Assert.InRange(controller.InFlight, 0, NodeController.MaxInFlight);
        }
    }

    [Fact]
    public void Tick_VerdictsLostForSixtySecondsWithLinkUp_EveryRecordArrivesInOrderAndFallbackShows()
    {
        var controller = NewController();
        controller.Tick();
        var scanned = new List<uint>();

        // 60 s of lost verdicts (a gateway that cannot write) with the link up, one scan per second.
        _gatewayAnswers = false;
        for (int n = 0; n < 60; n++)
        {
            scanned.Add(Scan(controller, "HC1:visitor-" + n.ToString("D3")));
            Gateway();
            Run(controller, 1000);
        }
        Assert.Equal(LinkState.Online, controller.Link);
        Assert.True(controller.OfflineVerdicts >= 59, "offline fallback shown " + controller.OfflineVerdicts + " times for 60 scans without verdicts");
        Assert.Equal(60, controller.QueueDepth);

        // The gateway answers again; scans go on for another minute.
        _gatewayAnswers = true;
        long recoveredAt = _clock.UptimeMs;
        long drainedAt = -1;
        for (int n = 60; n < 120; n++)
        {
            scanned.Add(Scan(controller, "HC1:visitor-" + n.ToString("D3")));
            Gateway();
            Run(controller, 1000);
            if (drainedAt < 0 && controller.QueueDepth == 0) drainedAt = _clock.UptimeMs;
        }
        for (int i = 0; i < 600 && controller.QueueDepth > 0; i++) Run(controller, 1000);
        if (drainedAt < 0) drainedAt = _clock.UptimeMs;
        Assert.Equal(0, controller.QueueDepth);

        // Back to normal: a new scan gets the gateway's verdict.
        scanned.Add(Scan(controller, "HC1:visitor-after"));
        Gateway();
        Assert.Equal(NodeSignal.Pass, _indicator.Signals.Last());
        Assert.Equal(0, controller.QueueDepth);

        Assert.Equal(scanned, FirstArrivals());
        Assert.All(scanned, s => Assert.NotEqual(0u, s));
        output.WriteLine("RESULT verdicts lost 60 s: queue drained " + (drainedAt - recoveredAt) + " ms after verdicts came back; "
            + Ups().Count + " up frames for " + scanned.Count + " records; offline fallbacks " + controller.OfflineVerdicts);
    }

    [Fact]
    public void Tick_QueuedRecordUnreadable_SkipsItCountsItAndReplaysTheRest()
    {
        _mqtt.BrokerUp = false;
        var controller = NewController();
        controller.Tick();
        uint rotten = Scan(controller, IdCard);
        uint b = Scan(controller, "second code");
        uint c = Scan(controller, "third code");
        int segment = _storage.ListSegments()[0];
        int payloadStart = QueueFormat.HeaderBytes + QueueFormat.SegmentHeaderPayloadBytes + QueueFormat.HeaderBytes;
        _storage.Corrupt(segment, payloadStart + 5, (byte)(_storage.Snapshot(segment)[payloadStart + 5] ^ 0x10));

        _mqtt.BrokerUp = true;
        _clock.Advance(NodeController.InitialBackoffMs);
        controller.Tick();

        Assert.Equal([b, c], Ups().Select(u => u.Sequence).ToArray());
        Assert.Equal(1, controller.UnreadableRecords);
        Assert.Equal(2, controller.QueueDepth);
        var status = Decode(_mqtt.Published.Last(p => p.Topic == Topics.Status("n-a1b2c3")).Payload);
        var decoded = new NodeStatus();
        Assert.Equal(DecodeError.None, StatusPayload.Decode(status.Payload, status.PayloadOffset, status.PayloadCount, decoded));
        Assert.Equal(1u, decoded.UnreadableRecords);
        Assert.Equal(2u, decoded.QueueDepth);
        Assert.Contains(_indicator.Lines, l => l.Contains("seq " + rotten) && l.Contains("unreadable"));

        SendVerdict(b, VerdictResult.Pass);
        SendVerdict(c, VerdictResult.Pass);
        Assert.Equal(0, controller.QueueDepth);
    }

    [Fact]
    public void OnScan_EnqueueFails_NextScanGetsANewSequence()
    {
        var controller = NewController();
        controller.Tick();
        _storage.FailNextAppend();
        uint first = Scan(controller, IdCard);
        uint second = Scan(controller, "another code");

        Assert.NotEqual(0u, first);
        Assert.True(second > first, $"sequence {second} after a failed enqueue of {first} must be new");
        Assert.Equal([first, second], Ups().Select(u => u.Sequence).ToArray());
    }

    [Fact]
    public void NewController_RebootAfterFailedEnqueue_NeverReusesThePublishedSequence()
    {
        var before = NewController();
        before.Tick();
        _storage.FailNextAppend();
        uint published = Scan(before, IdCard);
        Assert.Equal([published], Ups().Select(u => u.Sequence).ToArray());

        var after = NewController(); // same storage: a reboot
        uint next = Scan(after, "another code");

        Assert.True(next > published, $"sequence {next} after a reboot must not reuse the published {published}");
    }

    [Fact]
    public void Tick_TwoScansWithoutVerdicts_EachGetsItsOwnFallbackOnTime()
    {
        var controller = NewController();
        controller.Tick();
        Scan(controller, IdCard);
        _clock.Advance(1000);
        Scan(controller, "garbage that is no known QR");

        _clock.Advance(500);
        controller.Tick();
        Assert.Equal(1, controller.OfflineVerdicts);
        Assert.Equal(NodeSignal.OfflinePass, _indicator.Signals.Last());
        Assert.Equal(DoorState.AwaitingVerdict, controller.Door);

        _clock.Advance(1000);
        controller.Tick();
        Assert.Equal(2, controller.OfflineVerdicts);
        Assert.Equal(NodeSignal.OfflineFail, _indicator.Signals.Last());
        Assert.Equal(DoorState.Ready, controller.Door);
    }

    [Fact]
    public void OnMqttMessage_VerdictForTheLaterOfTwoWaitingScans_ShowsItAndKeepsTheEarlierDeadline()
    {
        var controller = NewController();
        controller.Tick();
        uint first = Scan(controller, IdCard);
        _clock.Advance(1000);
        uint second = Scan(controller, "another code");
        SendVerdict(second, VerdictResult.Fail);
        Assert.Equal(NodeSignal.Fail, _indicator.Signals.Last());
        Assert.Equal(DoorState.AwaitingVerdict, controller.Door);

        _clock.Advance(500);
        controller.Tick();
        Assert.Equal(NodeSignal.OfflinePass, _indicator.Signals.Last());
        Assert.Equal(DoorState.Ready, controller.Door);
        Assert.Equal(1, controller.QueueDepth);
        Assert.True(controller.InFlight == 1 && first != second);
    }

    [Fact]
    public void Tick_StorageReadFails_RecordIsKeptNotSkipped()
    {
        _mqtt.BrokerUp = false;
        var controller = NewController();
        controller.Tick();
        uint sequence = Scan(controller, IdCard);

        _storage.CutPower(); // every storage call throws until PowerOn
        _mqtt.BrokerUp = true;
        _clock.Advance(NodeController.InitialBackoffMs);
        controller.Tick();
        Assert.Empty(Ups());
        Assert.Equal(0, controller.UnreadableRecords);
        Assert.Equal(1, controller.QueueDepth);

        _storage.PowerOn();
        _clock.Advance(50);
        controller.Tick();
        Assert.Equal([sequence], Ups().Select(u => u.Sequence).ToArray());
    }

    [Fact]
    public void Tick_QueueDropsRecordsInFlight_WindowFreesAndEveryKeptRecordArrivesInOrder()
    {
        var options = new QueueOptions { MaxRecords = 20 };
        var controller = NewController(options: options);
        controller.Tick();
        var scanned = new List<uint>();
        _gatewayAnswers = false;
        for (int n = 0; n < 40; n++)
        {
            scanned.Add(Scan(controller, "HC1:visitor-" + n.ToString("D3")));
            Gateway();
            Run(controller, 1000);
        }
        Assert.Equal(20, controller.QueueDepth);
        uint[] kept = Enumerable.Range(0, 20).Select(i => scanned[20 + i]).ToArray();

        _gatewayAnswers = true;
        for (int i = 0; i < 120 && controller.QueueDepth > 0; i++) Run(controller, 1000);

        Assert.Equal(0, controller.QueueDepth);
        List<uint> first = FirstArrivals();
        Assert.Equal(first.OrderBy(s => s).ToArray(), first.ToArray());
        Assert.All(kept, s => Assert.Contains(s, first));
    }

    [Theory]
    [InlineData(1, 15000)]
    [InlineData(2, 30000)]
    [InlineData(3, 30000)]
    [InlineData(40, 30000)]
    public void ResendDelay_SendsSoFar_DoublesUpToTheCap(int sends, long expected)
    {
        Assert.Equal(expected, NodeController.ResendDelay(sends));
    }

    [Fact]
    public void OnScan_UnsentRecordQueuedSinceLastTick_SendsItFirstThenTheScanLive()
    {
        var controller = NewController(presence: new PresenceTable(16, -60));
        controller.Tick();
        byte[] advertisement = new byte[31];
        int length = BeaconSamples.WriteGaen(advertisement, 1);
        controller.OnAdvertisement(BeaconSamples.Address, -50, advertisement, 0, length);
        controller.FlushPresence(true); // e.g. before a planned reboot: queued, not yet sent
        Assert.Equal(1, controller.QueueDepth);

        uint scan = Scan(controller, IdCard);

        var ups = Ups();
        Assert.Equal(CheckinKind.PresenceBatch, ups[0].Kind);
        Assert.Equal(scan, ups[1].Sequence);
        Assert.True(ups[0].Sequence < scan);
        Assert.False(ups[1].OfflineVerdict);
        Assert.Equal(DoorState.AwaitingVerdict, controller.Door);
        Assert.Equal(NodeSignal.Busy, _indicator.Signals.Last());
    }
}
