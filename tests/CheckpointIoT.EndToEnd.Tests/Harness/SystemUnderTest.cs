using System.Net.Http.Json;
using System.Text.Json;

namespace CheckpointIoT.EndToEnd.Tests.Harness;

/// <summary>
/// The real system on loopback: the reference provincial API and the gateway (with its embedded MQTTnet broker;
/// the node simulators still speak libmosquitto to it) as separate processes, with temporary data directories and free ports.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    private readonly List<RunningProcess> _processes = [];

    public SystemUnderTest()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "checkpoint-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(DataDirectory);
        GatewayPort = Repo.FreePort();
        ProvincialPort = Repo.FreePort();
        BrokerPort = Repo.FreePort();
    }

    public string DataDirectory { get; }
    public int GatewayPort { get; }
    public int ProvincialPort { get; }
    public int BrokerPort { get; }
    public RunningProcess? Gateway { get; private set; }
    public RunningProcess? Provincial { get; private set; }
    public string GatewayData => Path.Combine(DataDirectory, "gateway");
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task StartProvincialAsync(params string[] extraArgs)
    {
        Provincial = Track(RunningProcess.StartDotnet("provincial", Repo.ProvincialApi,
            ["--urls", $"http://127.0.0.1:{ProvincialPort}", "--db", Path.Combine(DataDirectory, "provincial.db"), .. extraArgs]));
        await Provincial.WaitForHttpAsync(Http, $"http://127.0.0.1:{ProvincialPort}/v1/stats", TimeSpan.FromSeconds(90));
    }

    /// <summary>Where the gateway uploads: the provincial API itself, or a <see cref="ChaosProxy"/> in front of it.</summary>
    public int UploadPort { get; set; }

    public async Task StartGatewayAsync(params string[] extraArgs)
    {
        Gateway = Track(RunningProcess.StartDotnet("gateway", Repo.Gateway,
            ["--urls", $"http://127.0.0.1:{GatewayPort}",
             "--Gateway:DataDirectory", GatewayData,
             "--Gateway:Broker:Port", BrokerPort.ToString(),
             "--Gateway:Upload:BaseUrl", $"http://127.0.0.1:{(UploadPort == 0 ? ProvincialPort : UploadPort)}",
             "--Gateway:Indicator:Mode", "simulated",
             // the simulator's default checkpoint: the gateway registers it, the province accepts only registered ones
             "--Gateway:Upload:Checkpoints:cp-demo-1:Name", "End-to-end door",
             "--Gateway:Upload:Checkpoints:cp-demo-1:Unit", "End-to-end unit",
             "--Gateway:Upload:Checkpoints:cp-demo-1:District", "Hai Ba Trung", .. extraArgs]));
        await Gateway.WaitForHttpAsync(Http, $"http://127.0.0.1:{GatewayPort}/health", TimeSpan.FromSeconds(90));
    }

    public RunningProcess StartSimulator(params string[] args) =>
        Track(RunningProcess.StartDotnet("simulator", Repo.NodeSimulator,
            ["--gateway", $"http://127.0.0.1:{GatewayPort}",
             "--admin-token-file", Path.Combine(GatewayData, "admin.token"),
             "--data-dir", Path.Combine(DataDirectory, "sim"), .. args]));

    public async Task<long> ProvincialCheckinsAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{ProvincialPort}/v1/stats"));
        return doc.RootElement.GetProperty("checkins").GetInt64();
    }

    /// <summary>Polls until the provincial API holds at least <paramref name="expected"/> check-ins; returns what it holds.</summary>
    public async Task<long> WaitForProvincialCheckinsAsync(long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long seen = 0;
        while (DateTime.UtcNow < deadline)
        {
            try { seen = await ProvincialCheckinsAsync(); } catch (HttpRequestException) { }
            if (seen >= expected) return seen;
            await Task.Delay(250);
        }
        return seen;
    }

    private RunningProcess Track(RunningProcess process)
    {
        _processes.Add(process);
        return process;
    }


    public string Dump() => string.Join("\n", _processes.Select(p => $"--- {p.Name} ---\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        for (int i = _processes.Count - 1; i >= 0; i--) await _processes[i].DisposeAsync();
        Http.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
