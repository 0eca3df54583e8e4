using System.Collections.Concurrent;
using System.Text;
using CheckpointIoT.Mosquitto;
using CheckpointIoT.Node.Core.Ble;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>A door node reduced to its MQTT behaviour: publishes frames on its up/status topics, collects verdicts by sequence.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly ConcurrentDictionary<uint, VerdictMessage> _verdicts = new();
    private readonly ConcurrentQueue<MqttMessage> _other = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private TestNode(MqttClient client, string nodeId)
    {
        Client = client;
        NodeId = nodeId;
        _pump = Task.Run(PumpAsync);
    }

    public MqttClient Client { get; }

    public string NodeId { get; }

    /// <summary>Messages that were not this node's verdicts (e.g. another node's, which must never arrive).</summary>
    public IReadOnlyCollection<MqttMessage> OtherMessages => _other.ToArray();

    public static async Task<TestNode> ConnectAsync(string host, int port, string nodeId, string password, bool subscribe = true)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Host = host,
            Port = port,
            ClientId = nodeId,
            Username = nodeId,
            Password = password,
            ReconnectDelayMin = TimeSpan.FromMilliseconds(200),
            ReconnectDelayMax = TimeSpan.FromSeconds(1),
        });
        await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (subscribe)
        {
            await client.SubscribeAsync(Topics.Verdict(nodeId), 1).WaitAsync(TimeSpan.FromSeconds(10));
        }

        return new TestNode(client, nodeId);
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

    public Task PublishQrAsync(uint sequence, string scan, DoorDirection direction = DoorDirection.None) =>
        Client.PublishAsync(Topics.Up(NodeId), QrFrame(NodeId, sequence, scan, direction), 1);

    public Task PublishUpAsync(byte[] frame) => Client.PublishAsync(Topics.Up(NodeId), frame, 1);

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

    private readonly ConcurrentDictionary<uint, int> _counts = new();

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var m in Client.Messages.ReadAllAsync(_stop.Token))
            {
                var v = new VerdictMessage();
                if (m.Topic == Topics.Verdict(NodeId) && WireCodec.DecodeVerdict(m.Payload, 0, m.Payload.Length, v) == DecodeError.None)
                {
                    _verdicts[v.Sequence] = v;
                    _counts.AddOrUpdate(v.Sequence, 1, (_, n) => n + 1);
                }
                else
                {
                    _other.Enqueue(m);
                }

                _arrived.Release();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await Client.DisposeAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
