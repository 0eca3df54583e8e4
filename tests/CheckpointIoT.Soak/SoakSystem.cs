using System.Net.Http.Headers;
using System.Text.Json;
using CheckpointIoT.TestSupport;

namespace CheckpointIoT.Soak;

/// <summary>
/// The system under soak as real processes: the provincial API, the gateway (embedded broker on a fixed port, data on
/// <see cref="GatewayData"/>) and one simulator per node whose broker link goes through a <see cref="CutProxy"/>.
/// Each can be SIGKILLed and restarted with the same data, as a power cut would.
/// </summary>
public sealed class SoakSystem : IAsyncDisposable
{
    public const string CheckpointId = "cp-soak-1";
    private readonly SoakOptions _options;
    private readonly RunningProcess?[] _nodes;
    private readonly int _gatewayPort = Repo.FreePort();
    private readonly int _provincialPort = Repo.FreePort();
    private readonly int _brokerPort = Repo.FreePort();

    public SoakSystem(SoakOptions options, string gatewayData)
    {
        _options = options;
        GatewayData = gatewayData;
        _nodes = new RunningProcess?[options.Nodes];
        Proxy = new CutProxy(_brokerPort);
    }

    public string GatewayData { get; }
    public string ProvincialDb => Path.Combine(_options.WorkDirectory, "provincial.db");
    /// <summary>Where the nodes' ledgers go: one file per node (several processes appending to one file would overwrite each other).</summary>
    public string LedgerDirectory => Path.Combine(_options.WorkDirectory, "ledger");
    public CutProxy Proxy { get; }
    public RunningProcess? Gateway { get; private set; }
    public RunningProcess? Provincial { get; private set; }
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(5) };
    public int NodeCount => _nodes.Length;
    public string NodeId(int i) => $"n-soak{i + 1}-1";

    public async Task StartProvincialAsync()
    {
        Provincial = RunningProcess.StartDotnet("provincial", Repo.ProvincialApi,
            "--urls", $"http://127.0.0.1:{_provincialPort}", "--db", ProvincialDb);
        await Provincial.WaitForHttpAsync(Http, $"http://127.0.0.1:{_provincialPort}/v1/stats", TimeSpan.FromSeconds(120));
    }

    public async Task StartGatewayAsync()
    {
        Gateway = RunningProcess.StartDotnet("gateway", Repo.Gateway,
            "--urls", $"http://127.0.0.1:{_gatewayPort}",
            "--Gateway:DataDirectory", GatewayData,
            "--Gateway:Broker:Port", _brokerPort.ToString(),
            "--Gateway:Upload:BaseUrl", $"http://127.0.0.1:{_provincialPort}",
            $"--Gateway:Upload:Checkpoints:{CheckpointId}:Name", "Soak test door",
            $"--Gateway:Upload:Checkpoints:{CheckpointId}:Unit", "Soak Ltd",
            $"--Gateway:Upload:Checkpoints:{CheckpointId}:District", "Hai Ba Trung",
            "--Gateway:Indicator:Mode", "simulated");
        await Gateway.WaitForHttpAsync(Http, $"http://127.0.0.1:{_gatewayPort}/health", TimeSpan.FromSeconds(120));
    }

    /// <summary>Starts node <paramref name="i"/>'s simulator; <paramref name="drainOnly"/> makes no new scans and exits once its queue is empty.</summary>
    public void StartNode(int i, bool drainOnly = false)
    {
        string[] scanning = drainOnly
            ? ["--count", "0", "--exit-when-done", "--timeout", "600"]
            : ["--rate", _options.RatePerNode.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ledger", Path.Combine(LedgerDirectory, NodeId(i) + ".txt")];
        _nodes[i] = RunningProcess.StartDotnet(NodeId(i), Repo.NodeSimulator,
            ["--gateway", $"http://127.0.0.1:{_gatewayPort}",
             "--admin-token-file", Path.Combine(GatewayData, "admin.token"),
             "--data-dir", Path.Combine(_options.WorkDirectory, "sim", NodeId(i)),
             "--nodes", "1", "--node-prefix", $"n-soak{i + 1}-", "--checkpoint", CheckpointId,
             "--broker-port", Proxy.Port.ToString(), .. scanning]);
    }

    public RunningProcess? Node(int i) => _nodes[i];

    public void KillNode(int i) => _nodes[i]?.Kill();

    /// <summary>Restarts every component that is not running (a simulator exits when enrolment fails while the gateway is down).</summary>
    public async Task ReviveAsync()
    {
        if (Provincial is { HasExited: true }) await StartProvincialAsync();
        if (Gateway is { HasExited: true }) await StartGatewayAsync();
        for (int i = 0; i < _nodes.Length; i++)
            if (_nodes[i] is { HasExited: true }) StartNode(i);
    }

    public async Task<JsonElement?> GatewayStatusAsync()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_gatewayPort}/api/status");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(GatewayData, "admin.token")).Trim());
            using var response = await Http.SendAsync(request);
            if (!response.IsSuccessStatusCode) return null;
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return doc.RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or UnauthorizedAccessException) { return null; }
    }

    public async Task<long?> ProvincialCheckinsAsync()
    {
        try
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{_provincialPort}/v1/stats"));
            return doc.RootElement.GetProperty("checkins").GetInt64();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }


    public static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];

    /// <summary>SIGTERM to everything, nodes first; the stores are read after this.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var n in _nodes) if (n != null) await n.DisposeAsync();
        if (Gateway != null) await Gateway.DisposeAsync();
        if (Provincial != null) await Provincial.DisposeAsync();
        await Proxy.DisposeAsync();
        Http.Dispose();
    }
}
