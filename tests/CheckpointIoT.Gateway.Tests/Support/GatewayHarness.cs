using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Hosting;
using CheckpointIoT.Gateway.Metrics;
using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Gateway.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CheckpointIoT.Gateway.Tests.Support;

/// <summary>
/// The real gateway host in-process: HTTP on a free loopback port, its embedded MQTTnet broker on a free port,
/// SQLite in a temp data directory (deleted on dispose unless kept for a restart).
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    private readonly bool _ownsDirectory;
    private readonly FakeLoggerProvider _logs;

    private GatewayHarness(WebApplication app, string dataDirectory, bool ownsDirectory, FakeLoggerProvider logs)
    {
        _logs = logs;
        App = app;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        var token = File.ReadAllText(Path.Combine(dataDirectory, "admin.token")).Trim();
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    /// <summary>Every log line of the gateway at Information and above.</summary>
    /// <summary>Every log line of the host at Information and above, as "Level Category: message".</summary>
    public IReadOnlyCollection<string> Logs =>
        _logs.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Information).Select(r => $"{r.Level} {r.Category}: {r.Message}").ToArray();

    public GatewayStore Store => App.Services.GetRequiredService<GatewayStore>();

    public IBrokerEndpoint Broker => App.Services.GetRequiredService<IBrokerEndpoint>();

    public EmbeddedBroker EmbeddedBroker => App.Services.GetRequiredService<EmbeddedBroker>();

    public GatewayMetrics Metrics => App.Services.GetRequiredService<GatewayMetrics>();

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "cp-gw-tests", Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Starts a gateway; <paramref name="extraArgs"/> are --Key value pairs appended to the defaults.</summary>
    public static async Task<GatewayHarness> StartAsync(string? dataDirectory = null, params string[] extraArgs)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Gateway:DataDirectory", dataDirectory,
            "--Gateway:Broker:Port", "0",
            "--Gateway:Indicator:Mode", "simulated",
            "--Gateway:Upload:Enabled", "false",
            .. extraArgs,
        ];
        var logs = new FakeLoggerProvider();
        var app = GatewayApp.Build(args, b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Information);
            b.Logging.ClearProviders();
            b.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        await app.Services.GetRequiredService<IGatewayMessaging>().Ready.WaitAsync(TimeSpan.FromSeconds(20));
        return new GatewayHarness(app, dataDirectory, owns, logs);
    }

    public async Task<EnrolledNode> EnrolAsync(string nodeId, string checkpointId = "cp-test", string direction = "in")
    {
        using var response = await Http.PostAsJsonAsync("/api/nodes", new { nodeId, checkpointId, direction });
        Assert.True(response.IsSuccessStatusCode, $"enrol {nodeId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new EnrolledNode(
            json.GetProperty("nodeId").GetString()!,
            json.GetProperty("password").GetString()!,
            json.GetProperty("brokerHost").GetString()!,
            json.GetProperty("brokerPort").GetInt32());
    }

    public async Task<TestNode> ConnectNodeAsync(EnrolledNode node) =>
        await TestNode.ConnectAsync(node.BrokerHost, node.BrokerPort, node.NodeId, node.Password);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
