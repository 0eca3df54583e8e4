using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CheckpointIoT.ProvincialApi.Hosting;

namespace CheckpointIoT.ProvincialApi.Tests.Infrastructure;

/// <summary>A reference server on real Kestrel (127.0.0.1, free port) with its own temporary SQLite file.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string GatewayA = "gw-a";
    public const string TokenA = "token-a-0123456789";
    public const string GatewayB = "gw-b";
    public const string TokenB = "token-b-0123456789";
    public const string AdminToken = "admin-token-0123";

    private readonly string _dir;

    private TestServer(ProvincialServerHost host, string dir)
    {
        Host = host;
        _dir = dir;
        Http = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public ProvincialServerHost Host { get; }

    /// <summary>A client without credentials.</summary>
    public HttpClient Http { get; }

    public string DbPath => Path.Combine(_dir, "provincial.db");

    public static async Task<TestServer> StartAsync(TimeProvider? time = null, Action<ProvincialServerOptions>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "provincial-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var options = new ProvincialServerOptions
        {
            Urls = "http://127.0.0.1:0",
            DbPath = Path.Combine(dir, "provincial.db"),
            Tokens = { [GatewayA] = TokenA, [GatewayB] = TokenB },
            AdminToken = AdminToken,
        };
        configure?.Invoke(options);
        var host = await ProvincialServerHost.StartAsync(options, time);
        return new TestServer(host, dir);
    }

    public HttpClient Client(string token)
    {
        var c = new HttpClient { BaseAddress = Host.BaseAddress };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    public async Task<JsonElement> StatsAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync("v1/stats"));
        return doc.RootElement.Clone();
    }

    public async Task<long> StatAsync(string name) => (await StatsAsync()).GetProperty(name).GetInt64();

    public async Task RegisterAsync(string token, string checkpointId, string name, string unit, string district)
    {
        using var c = Client(token);
        using var r = await c.PutAsJsonAsync("v1/checkpoints/" + checkpointId, new { name, unit, district });
        r.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
