using System.Text;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Tests.Fakes;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Tests.Controller;

public class NodeControllerTests
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

    private NodeController NewController(NodeConfig? config = null)
    {
        var queue = new OfflineQueue(_storage, new QueueOptions());
        queue.Open();
        return new NodeController(config ?? Config(), new NodeParts
        {
            Mqtt = _mqtt,
            Clock = _clock,
            Indicator = _indicator,
            Log = _indicator,
            Queue = queue,
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
}
