namespace CheckpointIoT.Technician.Tests.Harness;

/// <summary>
/// One real gateway process (with its embedded MQTT broker) on free loopback ports, shared by the collection; its broker
/// also has a TLS listener with a gateway CA made by <c>checkpoint-gateway tls-init</c>.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private RunningProcess? _gateway;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "checkpoint-tech-gw-" + Guid.NewGuid().ToString("N")[..8]);
    public int HttpPort { get; } = Repo.FreePort();
    public int BrokerPort { get; } = Repo.FreePort();
    public int TlsPort { get; } = Repo.FreePort();
    public string CaFile => Path.Combine(DataDirectory, "tls", "ca.crt");
    public string Url => $"http://127.0.0.1:{HttpPort}";
    public string AdminTokenFile => Path.Combine(DataDirectory, "admin.token");
    public string Output => _gateway?.Output ?? "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        string tls = Path.Combine(DataDirectory, "tls");
        await using (var init = RunningProcess.StartDotnet("tls-init", Repo.Gateway, "tls-init", "--dir", tls, "--host", "localhost", "--ip", "127.0.0.1"))
        {
            int code = await init.WaitForExitAsync(TimeSpan.FromSeconds(60));
            if (code != 0) throw new InvalidOperationException("checkpoint-gateway tls-init failed:\n" + init.Output);
        }

        _gateway = RunningProcess.StartDotnet("gateway", Repo.Gateway,
            "--urls", Url,
            "--Gateway:DataDirectory", DataDirectory,
            "--Gateway:Broker:Port", BrokerPort.ToString(),
            "--Gateway:Indicator:Mode", "simulated",
            "--Gateway:Broker:TlsCertFile", Path.Combine(tls, "server.crt"),
            "--Gateway:Broker:TlsKeyFile", Path.Combine(tls, "server.key"),
            "--Gateway:Broker:TlsCaFile", Path.Combine(tls, "ca.crt"),
            "--Gateway:Broker:TlsPort", TlsPort.ToString(),
            "--Gateway:Upload:BaseUrl", "http://127.0.0.1:1");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_gateway.HasExited) throw new InvalidOperationException("gateway exited during start:\n" + _gateway.Output);
            try
            {
                using var response = await http.GetAsync(Url + "/health");
                if (response.IsSuccessStatusCode && File.Exists(AdminTokenFile)) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("gateway did not answer /health:\n" + _gateway.Output);
    }

    public async Task DisposeAsync()
    {
        if (_gateway != null) await _gateway.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
