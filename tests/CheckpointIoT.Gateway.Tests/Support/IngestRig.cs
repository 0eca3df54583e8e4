using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Identity;
using CheckpointIoT.Gateway.Ingest;
using CheckpointIoT.Gateway.Metrics;
using CheckpointIoT.Gateway.Policy;
using CheckpointIoT.Gateway.Registry;
using CheckpointIoT.Gateway.Storage;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>
/// <see cref="IngestProcessor"/> without MQTT, on a real SQLite file and a <see cref="FakeTimeProvider"/>: for tests
/// of what a sequence of frames does to the stored node health at chosen moments.
/// </summary>
public sealed class IngestRig : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cp-gw-tests", "rig-" + Guid.NewGuid().ToString("N")[..12]);

    public IngestRig(NodeHealthOptions? health = null)
    {
        Directory.CreateDirectory(_dir);
        Options = new GatewayOptions { DataDirectory = _dir, Nodes = health ?? new NodeHealthOptions() };
        Options.Validate();
        Store = new GatewayStore(Path.Combine(_dir, "gateway.db"));
        Registry = new NodeRegistry(Store, Time, passwordIterations: 1);
        var policy = new VerdictPolicy(Options);
        Metrics = new GatewayMetrics(Prometheus.Metrics.NewCustomRegistry());
        Processor = new IngestProcessor(Store, Registry, policy, new DenyList(Store, Time), new OccupancyTracker(),
            new RecentPasses(policy.LongestDuplicateWindowMs, IngestProcessor.MaxClockSkewMs), new IdentityHasher(new byte[32]),
            Metrics, Time, Logger);
    }

    /// <summary>What the processor logged.</summary>
    public FakeLogger<IngestProcessor> Logger { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    public GatewayOptions Options { get; }

    public GatewayStore Store { get; }

    public NodeRegistry Registry { get; }

    public GatewayMetrics Metrics { get; }

    public IngestProcessor Processor { get; }

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public void Enrol(string nodeId) => Registry.Enrol(nodeId, "cp-test", Node.Core.Wire.DoorDirection.In, rotate: false);

    public IngestBatchResult Ingest(params InboundMessage[] batch) => Processor.Process(batch);

    public NodeRecord Row(string nodeId) => Store.LoadNodes().Single(n => n.NodeId == nodeId);

    public NodeLinkState State(string nodeId) => NodeLiveness.Evaluate(Row(nodeId), NowMs, Options.Nodes);

    public void Dispose()
    {
        Store.Dispose();
        GatewayHarness.TryDelete(_dir);
    }
}
