using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CheckpointIoT.TestSupport;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>
/// checkpoint-gateway as its own process (as on a Pi), on free loopback ports with a temp data directory, so its
/// memory is its own: enrols bench nodes through the admin API and reads stored counts from /api/status.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly RunningProcess _process;
    private readonly HttpClient _http;

    private GatewayProcess(RunningProcess process, string dataDir, int httpPort)
    {
        _process = process;
        DataDirectory = dataDir;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }

    public int Pid => _process.Id;

    public static async Task<GatewayProcess> StartAsync(params string[] extraArgs)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "cp-bench-gw-" + Guid.NewGuid().ToString("N")[..8]);
        var httpPort = Repo.FreePort();
        var process = RunningProcess.StartDotnet("gateway", Repo.Gateway,
        [
            "--urls", $"http://127.0.0.1:{httpPort}",
            "--Gateway:DataDirectory", dataDir,
            "--Gateway:Indicator:Mode", "simulated",
            "--Gateway:Upload:Enabled", "false",
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs,
        ]);
        var gw = new GatewayProcess(process, dataDir, httpPort);
        await gw.WaitHealthyAsync();
        gw._http.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(dataDir, "admin.token")).Trim());
        return gw;
    }

    /// <summary>Enrols a node; returns the broker address and password the gateway hands out.</summary>
    public async Task<(string Host, int Port, string Password)> EnrolAsync(string nodeId, string direction)
    {
        using var response = await _http.PostAsJsonAsync("/api/nodes", new { nodeId, checkpointId = "cp-bench", direction });
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("brokerHost").GetString()!, json.GetProperty("brokerPort").GetInt32(), json.GetProperty("password").GetString()!);
    }

    public async Task<long> StoredCheckinsAsync()
    {
        var json = await _http.GetFromJsonAsync<JsonElement>("/api/status");
        return json.GetProperty("checkins").GetInt64();
    }

    /// <summary>Resident set size of the gateway process (VmRSS), in MiB.</summary>
    public double RssMb()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
            }
        }

        return double.NaN;
    }

    public string Output => _process.Output;

    private async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("the gateway exited during start:\n" + _process.Output);
            }

            try
            {
                using var r = await _http.GetAsync("/health");
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the gateway's /health did not answer 200:\n" + _process.Output);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
