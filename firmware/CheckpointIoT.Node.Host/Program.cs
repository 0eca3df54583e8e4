using System.Diagnostics;
using CheckpointIoT.Node.Core.Config;
using CheckpointIoT.Node.Core.Controller;
using CheckpointIoT.Node.Core.Seams;
using CheckpointIoT.Node.Core.Wire;
using CheckpointIoT.Node.Host;
using CheckpointIoT.Node.Host.Adapters;
using CheckpointIoT.Node.Host.Provisioning;
using CheckpointIoT.Node.Host.Simulation;

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}
if (options.ShowHelp)
{
    Console.WriteLine(SimulatorOptions.Help);
    return 0;
}

var cancel = new CancellationTokenSource(); // not disposed: ProcessExit may still cancel it
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => cancel.Cancel();

if (options.Provision)
{
    var provisionLog = new ConsoleLog(options.NodeId ?? "provision", LogLevel.Info);
    try
    {
        using var link = new SerialPortLink(options.Serial!, options.Baud);
        var host = new ProvisioningHost(link, new HostProvisioningActions(options.ConfigFile!, provisionLog), provisionLog, options.NodeId);
        Console.WriteLine($"sim: provisioning mode on {options.Serial} ({options.Baud} baud), config file {Path.GetFullPath(options.ConfigFile!)}");
        host.Run(cancel.Token);
        return 0;
    }
    catch (IOException ex)
    {
        Console.Error.WriteLine("error: --serial: " + ex.Message);
        return 1;
    }
}

var nodes = new List<SimulatedNode>();
if (options.ConfigFile != null)
{
    if (!File.Exists(options.ConfigFile))
    {
        Console.Error.WriteLine($"error: --config-file: {options.ConfigFile} not found (provision the node first: checkpoint-node-sim --provision)");
        return 2;
    }
    NodeConfig? fileConfig = NodeConfig.Parse(File.ReadAllText(options.ConfigFile), out string configError);
    if (fileConfig == null)
    {
        Console.Error.WriteLine($"error: --config-file: {configError}");
        return 2;
    }
    string caFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.ConfigFile))!, "ca.pem");
    if (fileConfig.UseTls && !File.Exists(caFile))
    {
        Console.Error.WriteLine($"error: --config-file: use_tls=true but {caFile} is missing (provision with checkpoint-tech provision --ca-file)");
        return 2;
    }
    try
    {
        var log = new ConsoleLog(fileConfig.NodeId, options.Verbose ? LogLevel.Debug : LogLevel.Warning);
        var node = new SimulatedNode(fileConfig, Path.Combine(options.DataDirectory, fileConfig.NodeId), log, options.Serial, options.BleReplay,
            fileConfig.UseTls ? caFile : null);
        node.Start();
        nodes.Add(node);
        string dir = fileConfig.Direction == DoorDirection.Out ? "out" : "in";
        Console.WriteLine($"sim: node {fileConfig.NodeId} ({dir}) from {options.ConfigFile}, broker {fileConfig.BrokerHost}:{fileConfig.BrokerPort}{(fileConfig.UseTls ? " (TLS)" : "")}, queue {node.Queue.PendingCount} record(s) waiting");
    }
    catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
    {
        Console.Error.WriteLine("error: " + ex.Message);
        return 1;
    }
}
else
{
    if (!File.Exists(options.AdminTokenFile))
    {
        Console.Error.WriteLine($"error: --admin-token-file: {options.AdminTokenFile} not found (the gateway writes it into its data directory at first start)");
        return 2;
    }
    string adminToken = File.ReadAllText(options.AdminTokenFile).Trim();
    var enrolment = new GatewayEnrolment(options.Gateway, adminToken);
    try
    {
        for (int i = 1; i <= options.Nodes; i++)
        {
            string nodeId = options.NodePrefix + i;
            string direction = i % 2 == 1 ? "in" : "out";
            var credentials = await enrolment.EnrolAsync(nodeId, options.CheckpointId, direction, cancel.Token);
            var config = new NodeConfig
            {
                NodeId = nodeId,
                CheckpointId = options.CheckpointId,
                Direction = direction == "in" ? DoorDirection.In : DoorDirection.Out,
                BrokerHost = options.BrokerPort == null ? credentials.BrokerHost : "127.0.0.1",
                BrokerPort = options.BrokerPort ?? credentials.BrokerPort,
                MqttUsername = credentials.Username,
                MqttPassword = credentials.Password,
                StatusIntervalSeconds = options.StatusIntervalSeconds,
                PresenceFlushSeconds = 10,
            };
            var log = new ConsoleLog(nodeId, options.Verbose ? LogLevel.Debug : LogLevel.Warning);
            var node = new SimulatedNode(config, Path.Combine(options.DataDirectory, nodeId), log,
                i == 1 ? options.Serial : null, options.BleReplay);
            node.Start();
            nodes.Add(node);
            Console.WriteLine($"sim: node {nodeId} ({direction}) enrolled, broker {credentials.BrokerHost}:{credentials.BrokerPort}, queue {node.Queue.PendingCount} record(s) waiting");
        }
    }
    catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException)
    {
        Console.Error.WriteLine("error: " + ex.Message);
        foreach (var n in nodes) await n.DisposeAsync();
        return 1;
    }
}

Func<string>[] scanners;
if (options.QrFile != null)
{
    var codes = ScanFile.Read(options.QrFile);
    if (codes.Count == 0)
    {
        Console.Error.WriteLine($"error: --qr-file: {options.QrFile} holds no QR codes");
        foreach (var n in nodes) await n.DisposeAsync();
        return 2;
    }
    scanners = nodes.Select((n, i) => { int next = i; return (Func<string>)(() => codes[next++ % codes.Count]); }).ToArray();
}
else
{
    scanners = nodes.Select((n, i) => (Func<string>)new SyntheticScans(1000 + i).Next).ToArray();
}
var scanned = new int[nodes.Count];
using var ledger = options.LedgerFile == null ? null : new ScanLedger(options.LedgerFile);
// The scan schedule starts once every node is online (at most 10 s, then offline fallback as usual): the first
// connect holds the controller, and scans due meanwhile would otherwise arrive as one burst when it returns.
var firstConnect = Stopwatch.StartNew();
while (!cancel.IsCancellationRequested && firstConnect.Elapsed < TimeSpan.FromSeconds(10) && !nodes.All(n => n.Controller.Link == LinkState.Online))
{
    try { await Task.Delay(10, cancel.Token); } catch (OperationCanceledException) { }
}
var clock = Stopwatch.StartNew();
var nextReport = TimeSpan.FromSeconds(10);
int exitCode = 0;
double interval = options.Rate > 0 ? 1.0 / options.Rate : double.PositiveInfinity;

while (!cancel.IsCancellationRequested)
{
    for (int i = 0; i < nodes.Count; i++)
    {
        bool quotaLeft = options.Count == null || scanned[i] < options.Count;
        if (quotaLeft && options.Serial == null && clock.Elapsed.TotalSeconds >= scanned[i] * interval)
        {
            uint sequence = nodes[i].Scan(scanners[i]());
            ledger?.Record(nodes[i].NodeId, sequence);
            scanned[i]++;
        }
    }
    if (clock.Elapsed >= nextReport)
    {
        nextReport += TimeSpan.FromSeconds(10);
        Report();
    }
    if (options.ExitWhenDone && options.Count != null && scanned.All(s => s >= options.Count) && nodes.All(Drained))
    {
        Report();
        Console.WriteLine("sim: done: every scan has its verdict and every queue is empty");
        break;
    }
    if (options.ExitWhenDone && clock.Elapsed.TotalSeconds > options.TimeoutSeconds)
    {
        Report();
        Console.Error.WriteLine($"sim: timed out after {options.TimeoutSeconds} s with records still queued");
        exitCode = 1;
        break;
    }
    try { await Task.Delay(5, cancel.Token); } catch (OperationCanceledException) { }
}

foreach (var node in nodes) await node.DisposeAsync();
return exitCode;

bool Drained(SimulatedNode node) =>
    node.Queue.PendingCount == 0 && node.Controller.VerdictsReceived >= node.Controller.ScansAccepted;

void Report()
{
    int scans = nodes.Sum(n => n.Controller.ScansAccepted);
    int verdicts = nodes.Sum(n => n.Controller.VerdictsReceived);
    int pass = nodes.Sum(n => n.Indicator.Count(NodeSignal.Pass));
    int fail = nodes.Sum(n => n.Indicator.Count(NodeSignal.Fail));
    int offline = nodes.Sum(n => n.Controller.OfflineVerdicts);
    int queued = nodes.Sum(n => n.Queue.PendingCount);
    string links = string.Join(" ", nodes.Select(n => $"{n.NodeId}:{n.Controller.Link.ToString().ToLowerInvariant()}"));
    Console.WriteLine($"sim: {clock.Elapsed.TotalSeconds:F0}s scans={scans} verdicts={verdicts} pass={pass} fail={fail} offline-fallback={offline} queued={queued} [{links}]");
}
