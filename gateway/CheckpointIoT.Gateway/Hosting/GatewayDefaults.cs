namespace CheckpointIoT.Gateway.Hosting;

/// <summary>
/// Every configuration default in one place (lowest-priority configuration source; appsettings.json mirrors it,
/// environment variables Gateway__X and command-line --Gateway:X override). --help prints this table.
/// </summary>
public static class GatewayDefaults
{
    public static readonly IReadOnlyList<(string Key, string Value, string Help)> Entries =
    [
        ("urls", "http://127.0.0.1:8080", "HTTP listen address(es) of /health, /metrics, /api"),
        ("Gateway:DataDirectory", "./data", "gateway.db (SQLite, WAL), admin.token, identity.salt, broker/port"),
        ("Gateway:RetentionDays", "21", "personal fields are erased after this many days"),
        ("Gateway:PurgeIntervalMinutes", "60", "how often the retention purge runs"),
        ("Gateway:IngestBatchSize", "256", "most MQTT messages stored in one SQLite transaction"),
        ("Gateway:Broker:Mode", "embedded", "embedded (MQTT broker inside the gateway) | external (connect to Host:Port)"),
        ("Gateway:Broker:Host", "127.0.0.1", "embedded: loopback listener IP address; external: broker host"),
        ("Gateway:Broker:Port", "1883", "embedded: preferred port (taken -> first free above, with a warning; 0 = any)"),
        ("Gateway:Broker:LanBind", "", "embedded: extra listener IP address for door nodes (e.g. 0.0.0.0); empty = loopback only"),
        ("Gateway:Broker:LanPort", "1883", "port of the LAN listener"),
        ("Gateway:Broker:TlsCertFile", "", "embedded: server certificate (PEM) -> TLS listener on TlsPort"),
        ("Gateway:Broker:TlsKeyFile", "", "embedded: its private key (PEM)"),
        ("Gateway:Broker:TlsCaFile", "", "the gateway CA the nodes trust (external: CA of the broker)"),
        ("Gateway:Broker:TlsPort", "8883", "TLS listener port"),
        ("Gateway:Broker:Username", "", "external: the gateway's account on that broker"),
        ("Gateway:Broker:Password", "", "external: its password"),
        ("Gateway:Broker:PasswordIterations", "1000", "PBKDF2-SHA256 iterations of new node password hashes"),
        ("Gateway:Nodes:HeartbeatSeconds", "60", "the nodes' status interval (their status_interval_s), 1-86400"),
        ("Gateway:Nodes:OfflineAfterMissedHeartbeats", "3", "a node silent for this many heartbeats is offline (1-100)"),
        ("Gateway:Checkpoints:<id>:AcceptedKinds", "CCCD,Unified,BHYT,HC1,NZCP", "QR kinds accepted (array; also VenuePoster)"),
        ("Gateway:Checkpoints:<id>:DuplicateWindowSeconds", "0", "same identity again within N s fails as duplicate (0 = off)"),
        ("Gateway:Checkpoints:<id>:Capacity", "0", "live occupancy limit for 'in' doors (0 = none)"),
        ("Gateway:Checkpoints:<id>:OpeningHours", "", "HH:mm-HH:mm local (empty = always open)"),
        ("Gateway:Checkpoints:<id>:TimeZone", "+07:00", "UTC offset of the checkpoint"),
        ("Gateway:Indicator:Mode", "auto", "auto | gpio | simulated (also Driver, Chip, GreenLine, RedLine, BuzzerLine, ActiveLow, BuzzerMode, BuzzerPwmChip, BuzzerPwmChannel, BuzzerFrequencyHz)"),
        ("Gateway:Upload:Enabled", "true", "upload the outbox to the provincial API and pull its deny list"),
        ("Gateway:Upload:BaseUrl", "http://127.0.0.1:8090", "provincial API root (dev default: the reference server)"),
        ("Gateway:Upload:GatewayId", "demo-gw", "this gateway's id at the province (dev default)"),
        ("Gateway:Upload:Token", "demo-token", "bearer token from the province (dev default; never logged)"),
        ("Logging:Console:FormatterName", "simple", "simple (one line per event) | json (structured)"),
    ];

    /// <summary>The defaults as configuration key/value pairs (placeholders and empty values left out).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> AsConfiguration() =>
        Entries.Where(e => !e.Key.Contains('<') && e.Value.Length > 0 && e.Key != "urls" && !e.Key.StartsWith("Logging", StringComparison.Ordinal))
            .Select(e => new KeyValuePair<string, string?>(e.Key, e.Value));

    public static string HelpText()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("checkpoint-gateway: CheckpointIoT Raspberry Pi gateway (MQTT ingest, verdicts, SQLite store, provincial upload)");
        sb.AppendLine();
        sb.AppendLine("usage: dotnet checkpoint-gateway.dll [--urls URL] [--Key value]...");
        sb.AppendLine("       dotnet checkpoint-gateway.dll tls-init [--dir DIR] [--host NAME]... [--ip ADDRESS]...   (gateway CA + broker certificate; tls-init --help)");
        sb.AppendLine("Configuration: appsettings.json < environment (Gateway__Broker__Port=1884) < command line (--Gateway:Broker:Port 1884).");
        sb.AppendLine();
        var width = Entries.Max(e => e.Key.Length);
        foreach (var (key, value, help) in Entries)
        {
            sb.Append("  ").Append(key.PadRight(width)).Append("  ").Append((value.Length == 0 ? "(empty)" : value).PadRight(28)).Append("  ").AppendLine(help);
        }

        sb.AppendLine();
        sb.AppendLine("Endpoints: GET /health, GET /metrics, POST /api/nodes, GET /api/nodes, POST /api/nodes/{id}/disable, GET /api/status, GET /api/tls/ca");
        sb.AppendLine("           (/api/* need 'Authorization: Bearer <DataDirectory/admin.token>').");
        sb.AppendLine("Exit codes: 0 stopped, 1 start-up failure, 2 invalid configuration.");
        return sb.ToString();
    }
}
