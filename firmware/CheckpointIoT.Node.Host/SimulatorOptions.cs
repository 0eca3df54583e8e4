using System.Globalization;

namespace CheckpointIoT.Node.Host;

/// <summary>Command-line options of the node simulator; <see cref="Parse"/> names the bad option.</summary>
public sealed class SimulatorOptions
{
    public Uri Gateway { get; set; } = new("http://127.0.0.1:8080/");
    public string AdminTokenFile { get; set; } = Path.Combine("data", "admin.token");
    public int Nodes { get; set; } = 3;
    public double Rate { get; set; } = 0.5;
    public int? Count { get; set; }
    public string CheckpointId { get; set; } = "cp-demo-1";
    public string DataDirectory { get; set; } = Path.Combine("data", "sim");
    public string? Serial { get; set; }
    public string? QrFile { get; set; }
    public string? BleReplay { get; set; }
    public bool ExitWhenDone { get; set; }
    public int TimeoutSeconds { get; set; } = 120;
    public bool Verbose { get; set; }
    public string NodePrefix { get; set; } = "n-sim";
    public bool ShowHelp { get; set; }
    public bool Provision { get; set; }
    public string? ConfigFile { get; set; }
    public int Baud { get; set; } = 115200;
    public string? NodeId { get; set; }
    public int StatusIntervalSeconds { get; set; } = 30;
    public string? LedgerFile { get; set; }
    public int? BrokerPort { get; set; }

    public const string Help = """
        checkpoint-node-sim: runs simulated CheckpointIoT door nodes (the firmware's portable core on this machine).

        Each node is enrolled with the gateway (POST /api/nodes), connects to the gateway's broker with its own
        credentials, and presents synthetic QR codes at a steady rate (or reads real scans from a serial device).

        Modes:
          (default)                       enrol --nodes nodes with the gateway and run them
          --config-file PATH              run one node from a provisioned node.cfg (no enrolment, no admin token)
          --provision --serial TTY --config-file PATH
                                          provisioning boot mode: Improv serial (+ CheckpointIoT commands) on TTY,
                                          as checkpoint-tech provision expects; ApplyConfig writes PATH (ca.pem
                                          next to it), factory reset deletes them. A host has no Wi-Fi: Wi-Fi
                                          settings are accepted and kept in the config. Runs until Ctrl-C.

        Options:
          --gateway URL            gateway HTTP address (default http://127.0.0.1:8080)
          --admin-token-file PATH  the gateway's admin token file (default ./data/admin.token)
          --nodes N                number of nodes, ids n-sim1..n-simN (default 3)
          --node-prefix P          node id prefix (default n-sim)
          --rate R                 scans per second per node (default 0.5; 0 = none)
          --count C                scans per node, then stop scanning (default: no limit)
          --checkpoint ID          checkpoint the nodes belong to (default cp-demo-1)
          --data-dir DIR           where each node keeps its offline queue (default ./data/sim)
          --serial PATH            read QR scans from this serial device or pty (one node; e.g. a socat pty)
          --qr-file FILE           present the QR codes in FILE (one per line, in order, looping) instead of synthetic ones
          --ble-replay FILE        replay BLE advertisements from FILE (lines: <rssi> <address hex> <AD hex>)
          --status-interval S      seconds between the nodes' status frames (heartbeats), 5-3600 (default 30)
          --ledger FILE            append "<nodeId> <sequence>" to FILE for every scan a node enqueued (the soak's made set)
          --broker-port P          connect to the broker on 127.0.0.1:P instead of the enrolled address (the soak's TCP proxy)
          --exit-when-done         with --count: exit 0 when every scan has its verdict and every queue is empty
          --timeout S              with --exit-when-done: give up after S seconds, exit 1 (default 120)
          --verbose                print every node log line
          --provision              provisioning mode (needs --serial and --config-file)
          --config-file PATH       the node's node.cfg (provisioning writes it; the run mode reads it)
          --baud N                 with --provision: serial speed (default 115200; a pty ignores it)
          --node-id ID             with --provision: default node id (default n- + 6 hex digits of a hash of PATH)
          --help                   this text
        """;

    public static SimulatorOptions Parse(string[] args)
    {
        var options = new SimulatorOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string Value()
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"{name}: a value is required");
                return args[++i];
            }
            int Int(int min, int max)
            {
                string v = Value();
                if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
                    throw new ArgumentException($"{name}: expected a whole number {min}-{max}, got '{v}'");
                return n;
            }
            switch (name)
            {
                case "--gateway":
                    string g = Value();
                    if (!Uri.TryCreate(g.EndsWith('/') ? g : g + "/", UriKind.Absolute, out var uri)) throw new ArgumentException($"--gateway: not a URL: '{g}'");
                    options.Gateway = uri;
                    break;
                case "--admin-token-file": options.AdminTokenFile = Value(); break;
                case "--nodes": options.Nodes = Int(1, 1000); break;
                case "--node-prefix": options.NodePrefix = Value(); break;
                case "--rate":
                    string r = Value();
                    if (!double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || rate < 0 || rate > 1000)
                        throw new ArgumentException($"--rate: expected 0-1000 scans per second, got '{r}'");
                    options.Rate = rate;
                    break;
                case "--count": options.Count = Int(0, 10_000_000); break;
                case "--checkpoint": options.CheckpointId = Value(); break;
                case "--data-dir": options.DataDirectory = Value(); break;
                case "--serial": options.Serial = Value(); break;
                case "--qr-file":
                    options.QrFile = Value();
                    if (!File.Exists(options.QrFile)) throw new ArgumentException($"--qr-file: {options.QrFile} not found");
                    break;
                case "--ble-replay": options.BleReplay = Value(); break;
                case "--status-interval": options.StatusIntervalSeconds = Int(5, 3600); break;
                case "--ledger": options.LedgerFile = Value(); break;
                case "--broker-port": options.BrokerPort = Int(1, 65535); break;
                case "--exit-when-done": options.ExitWhenDone = true; break;
                case "--timeout": options.TimeoutSeconds = Int(1, 86_400); break;
                case "--verbose": options.Verbose = true; break;
                case "--provision": options.Provision = true; break;
                case "--config-file": options.ConfigFile = Value(); break;
                case "--baud": options.Baud = Int(300, 4_000_000); break;
                case "--node-id": options.NodeId = Value(); break;
                case "--help" or "-h": options.ShowHelp = true; break;
                default: throw new ArgumentException($"{name}: unknown option (see --help)");
            }
        }
        if (options.Provision && options.Serial == null) throw new ArgumentException("--provision: needs --serial <tty>");
        if (options.Provision && options.ConfigFile == null) throw new ArgumentException("--provision: needs --config-file <path>");
        if (options.NodeId != null && !CheckpointIoT.Node.Core.Wire.WireFormat.IsValidNodeId(options.NodeId))
            throw new ArgumentException($"--node-id: 1-32 characters of a-z, 0-9 and '-', got '{options.NodeId}'");
        if (options.ConfigFile != null) options.Nodes = 1;
        if (options.ExitWhenDone && options.Count == null && options.Serial == null) throw new ArgumentException("--exit-when-done: needs --count");
        if (options.Serial != null && options.Nodes != 1) options.Nodes = 1;
        return options;
    }
}
