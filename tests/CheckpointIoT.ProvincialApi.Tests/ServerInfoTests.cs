using CheckpointIoT.ProvincialApi.Tests.Infrastructure;

namespace CheckpointIoT.ProvincialApi.Tests;

public sealed class ServerInfoTests
{
    [Fact]
    public async Task OpenApi_IsServedAndDescribesEveryEndpoint()
    {
        await using var server = await TestServer.StartAsync();
        var yaml = await server.Http.GetStringAsync("openapi.yaml");
        Assert.StartsWith("openapi: 3.", yaml);
        foreach (var path in new[] { "/v1/batches:", "/v1/denylist:", "/v1/checkpoints/{checkpointId}:", "/v1/stats:", "/v1/reports/district:", "/reports/district.html:" })
        {
            Assert.Contains(path, yaml);
        }
        foreach (var status in new[] { "'207'", "'409'", "'422'", "'429'", "'503'", "Retry-After" })
        {
            Assert.Contains(status, yaml);
        }
    }

    [Fact]
    public async Task Stats_FreshServer_ReportsZeroCheckins()
    {
        await using var server = await TestServer.StartAsync();
        var stats = await server.StatsAsync();
        Assert.Equal(0, stats.GetProperty("checkins").GetInt64());
        Assert.Equal(0, stats.GetProperty("presence").GetInt64());
        Assert.Equal(0, stats.GetProperty("batches").GetInt64());
    }

    [Fact]
    public void Options_DefaultsWithoutTokens_UseTheDevGateway()
    {
        var options = new CheckpointIoT.ProvincialApi.Hosting.ProvincialServerOptions();
        Assert.True(options.UsesDevTokens);
        Assert.Equal("demo-token", options.EffectiveTokens["demo-gw"]);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Options_ShortToken_IsAnErrorNamingTheKey()
    {
        var options = new CheckpointIoT.ProvincialApi.Hosting.ProvincialServerOptions { Tokens = { ["gw-1"] = "short" } };
        Assert.Contains(options.Validate(), e => e.Contains("Provincial:Tokens:gw-1"));
    }
}
