using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Configuration;

/// <summary>Config section Gateway (appsettings.json holds every default; env vars Gateway__X and --Gateway:X override).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>SQLite database, admin token, identity salt, broker files.</summary>
    public string DataDirectory { get; set; } = "./data";

    public BrokerOptions Broker { get; set; } = new();

    /// <summary>Days personal fields are kept before the purge erases them.</summary>
    public int RetentionDays { get; set; } = 21;

    /// <summary>How often the retention purge runs.</summary>
    public int PurgeIntervalMinutes { get; set; } = 60;

    /// <summary>Most MQTT messages handled in one SQLite transaction.</summary>
    public int IngestBatchSize { get; set; } = 256;

    /// <summary>Policy per checkpoint id; unlisted checkpoints get <see cref="CheckpointOptions"/> defaults.</summary>
    /// <summary>Node liveness: heartbeat period and how many may be missed (Gateway:Nodes).</summary>
    public NodeHealthOptions Nodes { get; set; } = new();

    public Dictionary<string, CheckpointOptions> Checkpoints { get; set; } = new(StringComparer.Ordinal);

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "gateway.db");

    public string BrokerDirectory => Path.Combine(Path.GetFullPath(DataDirectory), "broker");

    /// <summary>Throws <see cref="GatewayConfigException"/> naming the first bad key.</summary>
    public void Validate()
    {
        const string p = SectionName;
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new GatewayConfigException(p + ":DataDirectory", "must not be empty");
        }

        Broker.Validate(p + ":Broker");
        if (RetentionDays is < 1 or > 3650)
        {
            throw new GatewayConfigException(p + ":RetentionDays", $"must be 1..3650 (got {RetentionDays})");
        }

        if (PurgeIntervalMinutes is < 1 or > 1440)
        {
            throw new GatewayConfigException(p + ":PurgeIntervalMinutes", $"must be 1..1440 (got {PurgeIntervalMinutes})");
        }

        if (IngestBatchSize is < 1 or > 10_000)
        {
            throw new GatewayConfigException(p + ":IngestBatchSize", $"must be 1..10000 (got {IngestBatchSize})");
        }

        Nodes.Validate(p + ":Nodes");
        foreach (var (id, cp) in Checkpoints)
        {
            if (cp is null)
            {
                throw new GatewayConfigException($"{p}:Checkpoints:{id}", "is empty");
            }

            cp.Validate($"{p}:Checkpoints:{id}");
        }
    }

    public CheckpointOptions PolicyFor(string checkpointId) =>
        Checkpoints.TryGetValue(checkpointId, out var cp) ? cp : DefaultCheckpoint;

    private static readonly CheckpointOptions DefaultCheckpoint = new();

    internal static QrKind[] ParseKinds(string[]? names) =>
        names is null || names.Length == 0
            ? CheckpointOptions.DefaultAcceptedKinds.ToArray()
            : names.Select(n => CheckpointOptions.TryParseKind(n, out var k) ? k : QrKind.Unknown).Where(k => k != QrKind.Unknown).Distinct().ToArray();
}
