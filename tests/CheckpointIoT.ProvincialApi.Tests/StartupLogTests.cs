using CheckpointIoT.ProvincialApi.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CheckpointIoT.ProvincialApi.Tests;

/// <summary>What the reference server logs at start: a warning that development tokens are in force, never a token itself.</summary>
public sealed class StartupLogTests
{
    [Fact]
    public async Task Start_WithDevDefaults_WarnsWithoutLoggingAnyToken()
    {
        var dir = Directory.CreateTempSubdirectory("provincial-log-").FullName;
        var logs = new FakeLoggerProvider();
        try
        {
            var options = new ProvincialServerOptions { Urls = "http://127.0.0.1:0", DbPath = Path.Combine(dir, "provincial.db") };
            await using (await ProvincialServerHost.StartAsync(options, logging: l => l.AddProvider(logs)))
            {
            }

            var lines = logs.Collector.GetSnapshot().Select(r => r.Message).ToList();
            Assert.Contains(lines, l => l.Contains("DEV DEFAULT", StringComparison.Ordinal) && l.Contains("Provincial:Tokens", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("DEV DEFAULT", StringComparison.Ordinal) && l.Contains("Provincial:AdminToken", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(ProvincialServerOptions.DevGatewayToken, StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains(ProvincialServerOptions.DevAdminToken, StringComparison.Ordinal));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
