using System.Buffers;
using System.Text;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Queue;
using CheckpointIoT.Node.Core.Tests.Fakes;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.Node.Host.Adapters;
using MQTTnet;
using MQTTnet.Protocol;

namespace CheckpointIoT.Node.Core.Tests.HostLinks;

/// <summary>
/// The node controller's own reconnect logic (Online → Backoff → Connecting → Online) over the MQTTnet link and a real
/// mosquitto that restarts: as on the ESP32, the adapter makes one attempt per Connect and the controller retries.
/// </summary>
public sealed class NodeControllerOverMqttNetTests : IAsyncLifetime
{
    private const string NodeId = "n-ctl001";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private MosquittoProcess _broker = null!;
    private IMqttClient? _gateway;

    public async Task InitializeAsync() => _broker = await MosquittoProcess.StartAsync(new MosquittoSetup { AllowAnonymous = true });

    [Fact]
    public async Task Tick_BrokerRestarts_ControllerReconnectsAndVerdictsArriveAgain()
    {
        await StartGatewayAsync();
        var config = new NodeConfig
        {
            NodeId = NodeId, CheckpointId = "cp-1", Direction = DoorDirection.In, BrokerHost = _broker.Host, BrokerPort = _broker.Port,
            MqttUsername = NodeId, MqttPassword = "secret-password",
        };
        await using var link = new MqttNetLink(new MqttNetLinkOptions
        {
            Host = _broker.Host, Port = _broker.Port, ClientId = NodeId, Username = NodeId, Password = "secret-password",
            Timeout = TimeSpan.FromSeconds(3),
            WillTopic = Topics.Status(NodeId), WillPayload = NodeController.BuildLastWill(config, "test"),
        });
        var indicator = new RecordingNodeIndicator();
        var queue = new OfflineQueue(new MemoryQueueStorage(), new QueueOptions());
        queue.Open();
        var controller = new NodeController(config, new NodeParts
        {
            Mqtt = link, Clock = new SystemClock(), Indicator = indicator, Log = indicator, Queue = queue, FirmwareVersion = "test",
        });
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                controller.Tick();
                stop.Token.WaitHandle.WaitOne(10);
            }
        });

        Assert.True(await WaitAsync(() => controller.Link == LinkState.Online), "never online");
        Scan(controller, "001099012345||Nguyen Van An|01011990|Nam|HN|10072021");
        Assert.True(await WaitAsync(() => controller.VerdictsReceived == 1), "no verdict before the restart");

        await _broker.RestartAsync();
        await StartGatewayAsync();
        Assert.True(await WaitAsync(() => controller.Link != LinkState.Online), "the controller did not notice the broker going away");
        Assert.True(await WaitAsync(() => controller.Link == LinkState.Online), "the controller did not reconnect");
        Scan(controller, "079203004567||Tran Thi Binh|23041985|Nu|HCM|05082021");

        Assert.True(await WaitAsync(() => controller.VerdictsReceived == 2), "no verdict after the reconnect (subscription lost?)");
        Assert.Equal(0, queue.PendingCount);
        stop.Cancel();
        await loop;
    }

    /// <summary>Stands in for the gateway: answers every check-in on the node's up topic with a pass verdict.</summary>
    private async Task StartGatewayAsync()
    {
        _gateway?.Dispose();
        var factory = new MqttClientFactory();
        var gateway = factory.CreateMqttClient();
        gateway.ApplicationMessageReceivedAsync += e =>
        {
            var checkin = new CheckinMessage();
            byte[] frame = e.ApplicationMessage.Payload.ToArray();
            if (WireCodec.DecodeCheckin(frame, 0, frame.Length, checkin) != DecodeError.None || checkin.Kind != CheckinKind.QrScan) return Task.CompletedTask;
            byte[] verdict = WireCodec.EncodeVerdict(new VerdictMessage { Sequence = checkin.Sequence, Result = VerdictResult.Pass, Reason = ReasonCode.Ok });
            _ = Task.Run(() => gateway.PublishBinaryAsync(Topics.Verdict(NodeId), verdict, MqttQualityOfServiceLevel.AtLeastOnce));
            return Task.CompletedTask;
        };
        await gateway.ConnectAsync(factory.CreateClientOptionsBuilder().WithTcpServer(_broker.Host, _broker.Port).WithClientId("gateway-stand-in").Build());
        await gateway.SubscribeAsync(Topics.Up(NodeId), MqttQualityOfServiceLevel.AtLeastOnce);
        _gateway = gateway;
    }

    private static void Scan(NodeController controller, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Assert.NotEqual(0u, controller.OnScan(bytes, 0, bytes.Length));
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }

    public async Task DisposeAsync()
    {
        _gateway?.Dispose();
        await _broker.DisposeAsync();
    }
}
