using System.Buffers;
using System.Diagnostics;
using System.Text;
using CheckpointIoT.Node.Core.Wire;
using MQTTnet;
using MQTTnet.Protocol;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>
/// One enrolled door node as the benchmark drives it: publishes QR check-ins (QoS 1) on its up topic and times the
/// verdicts (QoS 0) on its verdict topic. A sequence counts as answered once, at its first verdict.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private const int MaxSeq = 1 << 20;
    private readonly DisposableClient _client;
    private readonly string _nodeId;
    private readonly string _topic;
    private readonly long[] _sentAt = new long[MaxSeq];
    private readonly bool[] _answered = new bool[MaxSeq];
    private readonly byte[][] _scans;
    private readonly List<double> _latencies = new();
    private readonly Lock _lock = new();
    private volatile SemaphoreSlim? _slots;
    private uint _seq;
    private long _sent;
    private long _distinctVerdicts;
    private long _stepVerdicts;
    private long _stepSent;

    private BenchNode(DisposableClient client, string nodeId, int index)
    {
        _client = client;
        _nodeId = nodeId;
        _topic = Topics.Up(nodeId);
        // A pool of distinct synthetic CCCD scans (the duplicate window is off by default, so repeats pass too).
        _scans = Enumerable.Range(0, 1024)
            .Select(k => Encoding.UTF8.GetBytes($"0{index:D2}0990{k:D5}||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021"))
            .ToArray();
        client.Client.ApplicationMessageReceivedAsync += OnVerdict;
    }

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Distinct sequences that got a verdict.</summary>
    public long Verdicts => Interlocked.Read(ref _distinctVerdicts);

    public long StepSent => Interlocked.Read(ref _stepSent);

    public long StepVerdicts => Interlocked.Read(ref _stepVerdicts);

    public long StepStartTicks { get; private set; }

    public long StepLastVerdictTicks { get; private set; }

    public double[] StepLatenciesMs
    {
        get
        {
            lock (_lock)
            {
                return _latencies.ToArray();
            }
        }
    }

    public static async Task<BenchNode> ConnectAsync(string host, int port, string nodeId, string password, int index)
    {
        var client = new DisposableClient(await BenchMqtt.ConnectAsync(host, port, nodeId, nodeId, password));
        var node = new BenchNode(client, nodeId, index);
        await BenchMqtt.SubscribeAsync(client.Client, Topics.Verdict(nodeId), MqttQualityOfServiceLevel.AtMostOnce);
        return node;
    }

    public void BeginStep()
    {
        lock (_lock)
        {
            _latencies.Clear();
        }

        _slots = null;
        Interlocked.Exchange(ref _stepVerdicts, 0);
        Interlocked.Exchange(ref _stepSent, 0);
        StepStartTicks = Stopwatch.GetTimestamp();
        StepLastVerdictTicks = 0;
    }

    public void Send()
    {
        var seq = ++_seq;
        if (seq >= MaxSeq)
        {
            throw new InvalidOperationException($"bench node {_nodeId} ran past {MaxSeq} sequences");
        }

        var scan = _scans[seq % _scans.Length];
        var m = new CheckinMessage
        {
            Kind = CheckinKind.QrScan,
            Sequence = seq,
            TimestampMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            NodeId = _nodeId,
        };
        m.SetPayload(QrPayload.Encode(QrKind.ChipIdCard, scan, 0, scan.Length));
        var frame = WireCodec.EncodeCheckin(m);
        Volatile.Write(ref _sentAt[seq], Stopwatch.GetTimestamp());
        _ = _client.Client.PublishAsync(BenchMqtt.Message(_topic, frame, MqttQualityOfServiceLevel.AtLeastOnce))
            .ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        Interlocked.Increment(ref _sent);
        Interlocked.Increment(ref _stepSent);
    }

    public async Task RunWindowAsync(int window, CancellationToken ct)
    {
        var slots = new SemaphoreSlim(0);
        _slots = slots;
        for (var i = 0; i < window; i++)
        {
            Send();
        }

        while (!ct.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            Send();
        }
    }

    private Task OnVerdict(MqttApplicationMessageReceivedEventArgs e)
    {
        var now = Stopwatch.GetTimestamp();
        var payload = e.ApplicationMessage.Payload.ToArray();
        var v = new VerdictMessage();
        if (WireCodec.DecodeVerdict(payload, 0, payload.Length, v) != DecodeError.None || v.Sequence == 0 || v.Sequence >= MaxSeq)
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            if (_answered[v.Sequence])
            {
                return Task.CompletedTask; // a repeated verdict is not a second answer
            }

            _answered[v.Sequence] = true;
            var sentAt = _sentAt[v.Sequence];
            if (sentAt >= StepStartTicks)
            {
                _latencies.Add(Stopwatch.GetElapsedTime(sentAt, now).TotalMilliseconds);
                Interlocked.Increment(ref _stepVerdicts);
                StepLastVerdictTicks = now;
            }
        }

        Interlocked.Increment(ref _distinctVerdicts);
        _slots?.Release();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
