using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Wire;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>
/// A door node reduced to its MQTT behaviour (an MQTTnet client speaking MQTT 3.1.1 like the ESP32): publishes frames on
/// its up/status topics, collects verdicts by sequence.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly ConcurrentDictionary<uint, VerdictMessage> _verdicts = new();
    private readonly ConcurrentDictionary<uint, int> _counts = new();
    private readonly ConcurrentQueue<ReceivedMessage> _other = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private TestNode(IMqttClient client, string nodeId)
    {
        Client = client;
        NodeId = nodeId;
        client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            var payload = m.Payload.ToArray();
            var v = new VerdictMessage();
            if (m.Topic == Topics.Verdict(NodeId) && WireCodec.DecodeVerdict(payload, 0, payload.Length, v) == DecodeError.None)
            {
                _verdicts[v.Sequence] = v;
                _counts.AddOrUpdate(v.Sequence, 1, (_, n) => n + 1);
            }
            else
            {
                _other.Enqueue(new ReceivedMessage(m.Topic, payload, m.Retain));
            }

            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public string NodeId { get; }

    /// <summary>Messages that were not this node's verdicts (e.g. another node's, which must never arrive).</summary>
    public IReadOnlyCollection<ReceivedMessage> OtherMessages => _other.ToArray();

    public static MqttClientOptionsBuilder Options(string host, int port, string nodeId, string? password, string? clientId = null) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId ?? nodeId)
            .WithCredentials(nodeId, password)
            .WithCleanSession()
            .WithTimeout(TimeSpan.FromSeconds(10));

    /// <summary>Connects; throws <see cref="LoginRefusedException"/> when the broker refuses.</summary>
    public static async Task<TestNode> ConnectAsync(string host, int port, string nodeId, string password, bool subscribe = true, string? clientId = null) =>
        await ConnectAsync(Options(host, port, nodeId, password, clientId).Build(), nodeId, subscribe);

    public static async Task<TestNode> ConnectAsync(MqttClientOptions options, string nodeId, bool subscribe = true)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var node = new TestNode(client, nodeId);
        var result = await client.ConnectAsync(options).WaitAsync(TimeSpan.FromSeconds(15));
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            await node.DisposeAsync();
            throw new LoginRefusedException(result.ResultCode);
        }

        if (subscribe)
        {
            var sub = await client.SubscribeAsync(Topics.Verdict(nodeId), MqttQualityOfServiceLevel.AtLeastOnce).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True((int)sub.Items.Single().ResultCode <= 2, $"subscribing to its own verdicts was refused: {sub.Items.Single().ResultCode}");
        }

        return node;
    }

    /// <summary>The broker's answer to a login (Success or the refusal), disconnecting again at once.</summary>
    public static async Task<MqttClientConnectResultCode> LoginAsync(string host, int port, string? user, string? password, string? clientId = null)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId ?? user ?? "anonymous")
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (user is not null)
        {
            options.WithCredentials(user, password);
        }

        var result = await client.ConnectAsync(options.Build()).WaitAsync(TimeSpan.FromSeconds(15));
        if (result.ResultCode == MqttClientConnectResultCode.Success)
        {
            await client.DisconnectAsync();
        }

        return result.ResultCode;
    }

    public static byte[] QrFrame(string nodeId, uint sequence, string scan, DoorDirection direction = DoorDirection.None, long? timestampMs = null)
    {
        var scanBytes = Encoding.UTF8.GetBytes(scan);
        var m = new CheckinMessage
        {
            Kind = CheckinKind.QrScan,
            Direction = direction,
            Sequence = sequence,
            TimestampMs = timestampMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            NodeId = nodeId,
        };
        m.SetPayload(QrPayload.Encode(QrKind.Unknown, scanBytes, 0, scanBytes.Length));
        return WireCodec.EncodeCheckin(m);
    }

    /// <summary>
    /// A heartbeat exactly as NodeController.PublishStatus builds it: kind Status, sequence 0 (status frames take no
    /// queue sequence), the node's door direction, its UTC clock.
    /// </summary>
    public static byte[] FirmwareStatusFrame(string nodeId, NodeStatus status, DoorDirection direction = DoorDirection.In, long? timestampMs = null)
    {
        var m = new CheckinMessage { Kind = CheckinKind.Status, Direction = direction, TimestampMs = timestampMs ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NodeId = nodeId };
        m.SetPayload(StatusPayload.Encode(status));
        return WireCodec.EncodeCheckin(m);
    }

    /// <summary>The retained last will, from the firmware itself (NodeController.BuildLastWill).</summary>
    public static byte[] FirmwareLastWill(string nodeId, string firmwareVersion, DoorDirection direction = DoorDirection.In) =>
        NodeController.BuildLastWill(new NodeConfig { NodeId = nodeId, Direction = direction }, firmwareVersion);

    /// <summary>A status frame with an arbitrary <paramref name="sequence"/> (the firmware always sends 0: see <see cref="FirmwareStatusFrame"/>).</summary>
    public static byte[] StatusFrame(string nodeId, uint sequence, NodeStatus status)
    {
        var m = new CheckinMessage { Kind = CheckinKind.Status, Sequence = sequence, TimestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), NodeId = nodeId };
        m.SetPayload(StatusPayload.Encode(status));
        return WireCodec.EncodeCheckin(m);
    }

    public static byte[] PresenceFrame(string nodeId, uint sequence, PresenceRecord[] records, long timestampMs)
    {
        var m = new CheckinMessage { Kind = CheckinKind.PresenceBatch, Sequence = sequence, TimestampMs = timestampMs, NodeId = nodeId };
        m.SetPayload(PresencePayload.Encode(records, records.Length, timestampMs));
        return WireCodec.EncodeCheckin(m);
    }

    /// <summary>Publishes at QoS 1 and waits for the PUBACK.</summary>
    public Task PublishAsync(string topic, byte[] payload, bool retain = false) =>
        Client.PublishBinaryAsync(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce, retain).WaitAsync(TimeSpan.FromSeconds(10));

    public Task PublishQrAsync(uint sequence, string scan, DoorDirection direction = DoorDirection.None) =>
        PublishAsync(Topics.Up(NodeId), QrFrame(NodeId, sequence, scan, direction));

    public Task PublishUpAsync(byte[] frame) => PublishAsync(Topics.Up(NodeId), frame);

    public bool TryGetVerdict(uint sequence, out VerdictMessage verdict) => _verdicts.TryGetValue(sequence, out verdict!);

    public async Task<VerdictMessage> WaitVerdictAsync(uint sequence, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (_verdicts.TryGetValue(sequence, out var v))
            {
                return v;
            }

            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"node {NodeId}: no verdict for sequence {sequence}");
            }
        }
    }

    /// <summary>How many verdict messages arrived for <paramref name="sequence"/> (duplicates re-send).</summary>
    public int VerdictCount(uint sequence) => _counts.TryGetValue(sequence, out var n) ? n : 0;

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            try
            {
                await Client.DisconnectAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or TimeoutException or OperationCanceledException)
            {
            }
        }

        Client.Dispose();
    }
}
