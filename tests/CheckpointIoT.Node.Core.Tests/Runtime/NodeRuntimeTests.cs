using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Runtime;
using CheckpointIoT.Node.Core.Scanner;
using CheckpointIoT.Node.Core.Tests.Fakes;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Node.Core.Tests.Runtime;

/// <summary>The shared main-loop step over fakes: scanner module → Gm65Driver → controller → MQTT publish.</summary>
public class NodeRuntimeTests
{
    private const string IdCard = "001099012345||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021";

    private readonly FakeMqttLink _mqtt = new();
    private readonly ManualClock _clock = new();
    private readonly RecordingNodeIndicator _indicator = new();
    private readonly FakeGm65Module _module = new();

    private NodeRuntime NewRuntime(out NodeController controller)
    {
        var queue = new OfflineQueue(new MemoryQueueStorage(), new QueueOptions());
        queue.Open();
        controller = new NodeController(new NodeConfig
        {
            NodeId = "n-a1b2c3",
            CheckpointId = "cp-1",
            Direction = DoorDirection.In,
            BrokerHost = "127.0.0.1",
            MqttUsername = "n-a1b2c3",
            MqttPassword = "secret-password",
            VerdictTimeoutMs = 1500,
        }, new NodeParts { Mqtt = _mqtt, Clock = _clock, Indicator = _indicator, Log = _indicator, Queue = queue });
        return new NodeRuntime(controller, new Gm65Driver(_module, new ScannerSettings(), _indicator), _indicator, _indicator);
    }

    private void StepFor(NodeRuntime runtime, long ms)
    {
        for (long t = 0; t < ms; t += 10)
        {
            _clock.Advance(10);
            runtime.Step(_clock.UptimeMs);
        }
    }

    [Fact]
    public void Step_configures_the_scanner_then_publishes_its_scan_and_pauses_ble_until_the_verdict()
    {
        NodeRuntime runtime = NewRuntime(out NodeController controller);
        var enqueued = new List<uint>();
        runtime.ScanEnqueued += (sequence, data, offset, count) => enqueued.Add(sequence);

        StepFor(runtime, 1000);
        Assert.Equal(ScannerHealth.Ok, controller.ScannerHealth);
        Assert.Equal(LinkState.Online, controller.Link);
        int before = _mqtt.Published.Count(p => p.Topic == Topics.Up("n-a1b2c3"));

        _module.EmitScan(IdCard);
        StepFor(runtime, 50);

        var up = _mqtt.Published.Where(p => p.Topic == Topics.Up("n-a1b2c3")).ToList();
        Assert.Equal(before + 1, up.Count);
        var message = new CheckinMessage();
        Assert.Equal(DecodeError.None, WireCodec.DecodeCheckin(up[^1].Payload, 0, up[^1].Payload.Length, message));
        Assert.Equal(DecodeError.None, QrPayload.Decode(message.Payload, message.PayloadOffset, message.PayloadCount, out _, out int at, out int length));
        Assert.Equal(IdCard, System.Text.Encoding.UTF8.GetString(message.Payload, at, length));
        Assert.Single(enqueued);
        Assert.Equal(message.Sequence, enqueued[0]);
        Assert.True(runtime.BlePaused);
        Assert.False(runtime.ShowNoLink);
    }

    [Fact]
    public void Step_shows_no_link_only_after_the_broker_was_unreachable_for_ten_seconds()
    {
        _mqtt.BrokerUp = false;
        NodeRuntime runtime = NewRuntime(out _);
        StepFor(runtime, NodeRuntime.NoLinkIndicatorAfterMs - 100);
        Assert.False(runtime.ShowNoLink);
        StepFor(runtime, 200);
        Assert.True(runtime.ShowNoLink);
    }

    [Fact]
    public void A_module_that_never_answers_reaches_the_status_as_not_responding()
    {
        _module.Silent = true;
        NodeRuntime runtime = NewRuntime(out NodeController controller);
        StepFor(runtime, 5000);
        Assert.Equal(ScannerHealth.NotResponding, controller.ScannerHealth);
    }
}
