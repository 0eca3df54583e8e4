using System.Text.Json;
using CheckpointIoT.Gateway.Upload;
using CheckpointIoT.ProvincialApi.Hosting;

namespace CheckpointIoT.Gateway.Tests.Upload;

/// <summary>Shared setup: a reference server on loopback with a temp database, and uploader options pointing anywhere.</summary>
internal static class UploadTestSupport
{
    public const string GatewayId = "gw-test";
    public const string Token = "gw-test-token-0001";
    public const string AdminToken = "admin-token-0001";

    public static UploaderOptions Options(Uri baseUrl, Action<UploaderOptions>? configure = null)
    {
        var o = new UploaderOptions
        {
            BaseUrl = baseUrl.ToString(),
            GatewayId = GatewayId,
            Token = Token,
            MaxBatchRecords = 500,
            MaxBatchAge = TimeSpan.FromMilliseconds(200),
            PollInterval = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryAfter = TimeSpan.FromMilliseconds(300),
            BreakerFailureThreshold = 3,
            BreakerOpenDuration = TimeSpan.FromSeconds(30),
            StatsInterval = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(o);
        return o;
    }

    public static async Task<(ProvincialServerHost Server, string Dir)> StartServerAsync(Action<ProvincialServerOptions>? configure = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "upload-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var options = new ProvincialServerOptions
        {
            Urls = "http://127.0.0.1:0",
            DbPath = Path.Combine(dir, "provincial.db"),
            Tokens = { [GatewayId] = Token },
            AdminToken = AdminToken,
        };
        configure?.Invoke(options);
        var host = await ProvincialServerHost.StartAsync(options);
        await RegisterCheckpointAsync(host.BaseAddress, CheckpointId);
        return (host, dir);
    }

    /// <summary>The checkpoint the tests' records use; <see cref="StartServerAsync"/> registers it for <see cref="GatewayId"/>.</summary>
    public const string CheckpointId = "cp-1";

    /// <summary>Registers a checkpoint for <see cref="GatewayId"/>: the province refuses records for any other.</summary>
    public static async Task RegisterCheckpointAsync(Uri baseAddress, string checkpointId)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        using var r = await http.PutAsync("v1/checkpoints/" + checkpointId, new StringContent(
            JsonSerializer.Serialize(new { name = "Test gate", unit = "Test ward", district = "Test district" }), System.Text.Encoding.UTF8, "application/json"));
        r.EnsureSuccessStatusCode();
    }

    public static async Task StopServerAsync(ProvincialServerHost server, string dir)
    {
        await server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static async Task<JsonElement> StatsAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var doc = JsonDocument.Parse(await http.GetStringAsync("v1/stats"));
        return doc.RootElement.Clone();
    }
}
