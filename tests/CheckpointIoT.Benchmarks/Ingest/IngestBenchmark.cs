using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Hosting;
using CheckpointIoT.Gateway.Ingest;
using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Mosquitto;
using CheckpointIoT.Node.Core.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>
/// checkpoint-bench ingest [--nodes N] [--seconds S]: the gateway in-process with its embedded mosquitto on a free
/// loopback port and SQLite in a temp directory. Measures, in the same run and through the same broker:
/// (1) raw QoS 1 publish → subscribe rate (the gateway account's cp/diag/# topics, no gateway involved);
/// (2) N simulated nodes at increasing offered rates, then flat out: check-ins stored with their verdict received
/// by the node; (3) verdict latency publish → verdict as the nodes see it at 1,000 check-ins/s.
/// </summary>
public static class IngestBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var nodes = IntArg(args, "--nodes", 8);
        var seconds = IntArg(args, "--seconds", 4);
        if (args.Contains("--help"))
        {
            Console.WriteLine("checkpoint-bench ingest [--nodes 8] [--seconds 4]");
            return 0;
        }

        var dataDir = Path.Combine(Path.GetTempPath(), "cp-bench-ingest-" + Guid.NewGuid().ToString("N")[..8]);
        var app = GatewayApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--Gateway:DataDirectory", dataDir,
                "--Gateway:Broker:Port", "0",
                "--Gateway:Indicator:Mode", "simulated",
                "--Gateway:Upload:Enabled", "false",
            ],
            b => b.Logging.AddFilter((category, level) => level >= LogLevel.Warning));
        try
        {
            await app.StartAsync();
            await app.Services.GetRequiredService<IngestService>().Subscribed.WaitAsync(TimeSpan.FromSeconds(20));
            var broker = app.Services.GetRequiredService<IBrokerEndpoint>();
            var store = app.Services.GetRequiredService<GatewayStore>();
            Console.WriteLine($"ingest bench: gateway in-process, mosquitto {broker.Host}:{broker.Port}, {nodes} nodes, {seconds} s per step, data {dataDir}");

            var raw = await RawBrokerRateAsync(broker, dataDir, nodes, seconds);
            Console.WriteLine($"raw broker: {raw:F0} msgs/s (QoS 1, {nodes} publishers -> 1 subscriber)");

            var fleet = await Fleet.StartAsync(app, broker, nodes);
            try
            {
                await fleet.RunPacedAsync(500, TimeSpan.FromSeconds(2)); // warm-up: JIT, SQLite pages, broker sessions
                var best = 0.0;
                foreach (var rate in new[] { 500, 1000, 2000, 4000, 6000, 8000, 10000, 12000, 16000, 20000, 24000 })
                {
                    var step = await fleet.RunPacedAsync(rate, TimeSpan.FromSeconds(seconds));
                    Console.WriteLine($"offered {rate,6}/s: {step.Rate,8:F0} verdicts/s  p50 {step.P50,6:F2} ms  p99 {step.P99,7:F2} ms  missing {step.Missing}");
                    best = Math.Max(best, Math.Min(step.Rate, rate));
                    if (step.Rate < rate * 0.9)
                    {
                        break;
                    }
                }

                await fleet.DrainAsync(TimeSpan.FromSeconds(60)); // the overloaded step's backlog must not spill into the next

                var max = await fleet.RunClosedLoopAsync(window: 64, TimeSpan.FromSeconds(seconds));
                Console.WriteLine($"flat out (64 in flight per node, as the raw publishers): {max.Rate:F0} verdicts/s  p50 {max.P50:F2} ms  p99 {max.P99:F2} ms");
                best = Math.Max(best, max.Rate);
                await fleet.DrainAsync(TimeSpan.FromSeconds(60));
                var at1000 = await fleet.RunPacedAsync(1000, TimeSpan.FromSeconds(Math.Max(5, seconds)));
                Console.WriteLine($"latency at 1,000/s: p50 {at1000.P50:F2} ms  p99 {at1000.P99:F2} ms  ({at1000.Samples} samples)");

                var stored = store.Count("checkins");
                Console.WriteLine($"stored check-ins {stored}, verdicts received {fleet.TotalVerdicts}");
                if (stored != fleet.TotalSent || fleet.TotalVerdicts < fleet.TotalSent)
                {
                    Console.WriteLine($"WARNING: sent {fleet.TotalSent}, stored {stored}, verdicts {fleet.TotalVerdicts}");
                }

                Result("raw_broker_msgs_per_s", raw, "msgs/s");
                Result("gateway_checkins_per_s", best, "checkins/s");
                Result("gateway_vs_raw_ratio", best / raw, "x");
                // Each check-in moves two QoS 1 messages through the broker (the check-in and its verdict), so on a
                // broker-bound machine 0.5 x raw is the ceiling even for a gateway that costs nothing.
                Result("gateway_broker_msgs_per_s", 2 * best, "msgs/s");
                Result("verdict_latency_p50_ms", at1000.P50, "ms");
                Result("verdict_latency_p99_ms", at1000.P99, "ms");
            }
            finally
            {
                await fleet.DisposeAsync();
            }

            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Result(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name}={value:0.###} {unit}"));

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : fallback;
    }

    /// <summary>N publishers (QoS 1, up to 64 unacknowledged each) → one QoS 1 subscriber, on the gateway account's diagnostics topics.</summary>
    private static async Task<double> RawBrokerRateAsync(IBrokerEndpoint broker, string dataDir, int publishers, int seconds)
    {
        var password = File.ReadAllText(Path.Combine(dataDir, "broker-gateway.secret")).Trim();
        MqttClientOptions Options(string id) => new()
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = id,
            Username = BrokerAccessRules.GatewayUser,
            Password = password,
            MaxInflightMessages = 0,
        };

        await using var sub = new MqttClient(Options("bench-raw-sub"));
        await sub.ConnectAsync();
        await sub.SubscribeAsync(BrokerAccessRules.DiagnosticsTopicRoot + "raw/#", 1);
        var pubs = new List<MqttClient>();
        for (var i = 0; i < publishers; i++)
        {
            var c = new MqttClient(Options("bench-raw-pub-" + i));
            await c.ConnectAsync();
            pubs.Add(c);
        }

        var payload = new byte[60]; // about a check-in frame
        using var stop = new CancellationTokenSource();
        long received = 0;
        var counter = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in sub.Messages.ReadAllAsync(stop.Token))
                {
                    Interlocked.Increment(ref received);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var warmup = TimeSpan.FromSeconds(1);
        var senders = pubs.Select((c, i) => Task.Run(async () =>
        {
            var topic = BrokerAccessRules.DiagnosticsTopicRoot + "raw/" + i;
            var window = new Queue<Task>();
            while (!stop.IsCancellationRequested)
            {
                window.Enqueue(c.PublishAsync(topic, payload, 1));
                if (window.Count >= 64)
                {
                    await window.Dequeue();
                }
            }

            while (window.Count > 0)
            {
                await window.Dequeue();
            }
        })).ToList();

        await Task.Delay(warmup);
        var start = Interlocked.Read(ref received);
        var sw = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var count = Interlocked.Read(ref received) - start;
        var elapsed = sw.Elapsed.TotalSeconds;
        stop.Cancel();
        await Task.WhenAll(senders);
        await counter;
        foreach (var c in pubs)
        {
            await c.DisposeAsync();
        }

        return count / elapsed;
    }

    /// <summary>Enrolled nodes publishing QR check-ins and timing their verdicts.</summary>
    private sealed class Fleet : IAsyncDisposable
    {
        private readonly List<BenchNode> _nodes;

        private Fleet(List<BenchNode> nodes) => _nodes = nodes;

        public long TotalSent => _nodes.Sum(n => n.Sent);

        public long TotalVerdicts => _nodes.Sum(n => n.Verdicts);

        public static async Task<Fleet> StartAsync(WebApplication app, IBrokerEndpoint broker, int count)
        {
            var dataDir = app.Services.GetRequiredService<CheckpointIoT.Gateway.Configuration.GatewayOptions>().DataDirectory;
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(dataDir, "admin.token")).Trim());
            var nodes = new List<BenchNode>();
            for (var i = 0; i < count; i++)
            {
                var id = "n-bench-" + i;
                using var response = await http.PostAsJsonAsync("/api/nodes", new { nodeId = id, checkpointId = "cp-bench", direction = i % 2 == 0 ? "in" : "out" });
                response.EnsureSuccessStatusCode();
                var json = await response.Content.ReadFromJsonAsync<JsonElement>();
                nodes.Add(await BenchNode.ConnectAsync(broker, id, json.GetProperty("password").GetString()!, i));
            }

            return new Fleet(nodes);
        }

        /// <summary>Waits until every check-in sent so far has its verdict.</summary>
        public async Task DrainAsync(TimeSpan max)
        {
            var sw = Stopwatch.StartNew();
            while (TotalVerdicts < TotalSent && sw.Elapsed < max)
            {
                await Task.Delay(20);
            }
        }

        /// <summary>Open loop: <paramref name="rate"/> check-ins/s spread over the nodes, for <paramref name="duration"/>.</summary>
        public async Task<StepResult> RunPacedAsync(int rate, TimeSpan duration)
        {
            foreach (var n in _nodes)
            {
                n.BeginStep();
            }

            var sw = Stopwatch.StartNew();
            long sent = 0;
            var next = 0;
            while (sw.Elapsed < duration)
            {
                var due = (long)(sw.Elapsed.TotalSeconds * rate);
                while (sent < due)
                {
                    _nodes[next].Send();
                    next = (next + 1) % _nodes.Count;
                    sent++;
                }

                await Task.Delay(1);
            }

            return await FinishStepAsync(sent, sw.Elapsed);
        }

        /// <summary>Closed loop: each node keeps <paramref name="window"/> check-ins in flight.</summary>
        public async Task<StepResult> RunClosedLoopAsync(int window, TimeSpan duration)
        {
            foreach (var n in _nodes)
            {
                n.BeginStep();
            }

            using var stop = new CancellationTokenSource(duration);
            var sw = Stopwatch.StartNew();
            await Task.WhenAll(_nodes.Select(n => n.RunWindowAsync(window, stop.Token)));
            return await FinishStepAsync(_nodes.Sum(n => n.StepSent), sw.Elapsed);
        }

        private async Task<StepResult> FinishStepAsync(long sent, TimeSpan elapsed)
        {
            var deadline = Stopwatch.StartNew();
            while (_nodes.Sum(n => n.StepVerdicts) < sent && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(5);
            }

            var answered = _nodes.Sum(n => n.StepVerdicts);
            var lastVerdict = _nodes.Max(n => n.StepLastVerdictTicks);
            var span = Math.Max(elapsed.TotalSeconds, lastVerdict > 0 ? Stopwatch.GetElapsedTime(_nodes.Min(n => n.StepStartTicks), lastVerdict).TotalSeconds : 0);
            var latencies = _nodes.SelectMany(n => n.StepLatenciesMs).Order().ToArray();
            return new StepResult(answered / span, Percentile(latencies, 0.50), Percentile(latencies, 0.99), sent - answered, latencies.Length);
        }

        private static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

        public async ValueTask DisposeAsync()
        {
            foreach (var n in _nodes)
            {
                await n.DisposeAsync();
            }
        }
    }

    private readonly record struct StepResult(double Rate, double P50, double P99, long Missing, int Samples);

    private sealed class BenchNode : IAsyncDisposable
    {
        private const int MaxSeq = 1 << 22;
        private readonly MqttClient _client;
        private readonly string _nodeId;
        private readonly string _topic;
        private readonly long[] _sentAt = new long[MaxSeq];
        private readonly byte[][] _scans;
        private readonly List<double> _latencies = new();
        private readonly Lock _lock = new();
        private readonly Task _pump;
        private volatile SemaphoreSlim? _slots;
        private uint _seq;
        private long _stepVerdicts;
        private long _stepSent;

        private BenchNode(MqttClient client, string nodeId, int index)
        {
            _client = client;
            _nodeId = nodeId;
            _topic = Topics.Up(nodeId);
            // A pool of distinct synthetic CCCD scans (duplicate window is off by default, so repeats pass too).
            _scans = Enumerable.Range(0, 1024)
                .Select(k => Encoding.UTF8.GetBytes($"0{index:D2}0990{k:D5}||Nguyễn Văn An|01011990|Nam|Số 1 Phố Huế, Hai Bà Trưng, Hà Nội|10072021"))
                .ToArray();
            _pump = Task.Run(PumpAsync);
        }

        public long Sent { get; private set; }

        public long Verdicts { get; private set; }

        public long StepSent => Interlocked.Read(ref _stepSent);

        public long StepVerdicts => Interlocked.Read(ref _stepVerdicts);

        public long StepStartTicks { get; private set; }

        public long StepLastVerdictTicks { get; private set; }

        public IReadOnlyList<double> StepLatenciesMs
        {
            get
            {
                lock (_lock)
                {
                    return _latencies.ToArray();
                }
            }
        }

        public static async Task<BenchNode> ConnectAsync(IBrokerEndpoint broker, string nodeId, string password, int index)
        {
            var client = new MqttClient(new MqttClientOptions
            {
                Host = broker.NodeHost,
                Port = broker.NodePort,
                ClientId = nodeId,
                Username = nodeId,
                Password = password,
                MaxInflightMessages = 0,
            });
            await client.ConnectAsync();
            await client.SubscribeAsync(Topics.Verdict(nodeId), 1);
            return new BenchNode(client, nodeId, index);
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
            Volatile.Write(ref _sentAt[seq % MaxSeq], Stopwatch.GetTimestamp());
            _ = _client.PublishAsync(_topic, frame, 1);
            Sent++;
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

        private async Task PumpAsync()
        {
            var v = new VerdictMessage();
            try
            {
                await foreach (var m in _client.Messages.ReadAllAsync())
                {
                    var now = Stopwatch.GetTimestamp();
                    if (WireCodec.DecodeVerdict(m.Payload, 0, m.Payload.Length, v) != DecodeError.None)
                    {
                        continue;
                    }

                    var sentAt = Volatile.Read(ref _sentAt[v.Sequence % MaxSeq]);
                    if (sentAt >= StepStartTicks)
                    {
                        lock (_lock)
                        {
                            _latencies.Add(Stopwatch.GetElapsedTime(sentAt, now).TotalMilliseconds);
                        }

                        Interlocked.Increment(ref _stepVerdicts);
                        StepLastVerdictTicks = now;
                    }

                    Verdicts++;
                    _slots?.Release();
                }
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisposeAsync();
            try
            {
                await _pump;
            }
            catch (Exception)
            {
            }
        }
    }
}
