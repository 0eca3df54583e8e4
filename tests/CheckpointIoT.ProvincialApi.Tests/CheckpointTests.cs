using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckpointIoT.ProvincialApi.Tests.Infrastructure;

namespace CheckpointIoT.ProvincialApi.Tests;

public sealed class CheckpointTests
{
    [Fact]
    public async Task Register_NewCheckpoint_Returns201AndIsListed()
    {
        await using var server = await TestServer.StartAsync();
        using var gw = server.Client(TestServer.TokenA);
        var response = await gw.PutAsJsonAsync("v1/checkpoints/cp-1", new { name = "Chợ Hôm", unit = "Phường Phố Huế", district = "Hai Bà Trưng", province = "Hà Nội" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        using var doc = JsonDocument.Parse(await server.Http.GetStringAsync("v1/checkpoints?district=" + Uri.EscapeDataString("Hai Bà Trưng")));
        var cp = Assert.Single(doc.RootElement.GetProperty("checkpoints").EnumerateArray());
        Assert.Equal("cp-1", cp.GetProperty("checkpointId").GetString());
        Assert.Equal(TestServer.GatewayA, cp.GetProperty("gatewayId").GetString());
        Assert.Equal("Phường Phố Huế", cp.GetProperty("unit").GetString());
        Assert.EndsWith("+07:00", cp.GetProperty("registeredAt").GetString());
        Assert.Equal(1, await server.StatAsync("checkpoints"));
    }

    [Fact]
    public async Task Register_SameGatewayAgain_Returns200AndUpdates()
    {
        await using var server = await TestServer.StartAsync();
        using var gw = server.Client(TestServer.TokenA);
        (await gw.PutAsJsonAsync("v1/checkpoints/cp-1", new { name = "A", unit = "U1", district = "D1" })).EnsureSuccessStatusCode();
        var response = await gw.PutAsJsonAsync("v1/checkpoints/cp-1", new { name = "B", unit = "U2", district = "D1" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("B", doc.RootElement.GetProperty("name").GetString());
        Assert.Equal(1, await server.StatAsync("checkpoints"));
    }

    [Fact]
    public async Task Register_CheckpointOfAnotherGateway_Returns409()
    {
        await using var server = await TestServer.StartAsync();
        using var a = server.Client(TestServer.TokenA);
        using var b = server.Client(TestServer.TokenB);
        (await a.PutAsJsonAsync("v1/checkpoints/cp-1", new { name = "A", unit = "U", district = "D" })).EnsureSuccessStatusCode();
        var response = await b.PutAsJsonAsync("v1/checkpoints/cp-1", new { name = "B", unit = "U", district = "D" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Register_MissingDistrict_Returns422()
    {
        await using var server = await TestServer.StartAsync();
        using var gw = server.Client(TestServer.TokenA);
        var response = await gw.PutAsJsonAsync("v1/checkpoints/cp-1", new { name = "A", unit = "U" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task Register_NoToken_Returns401()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Http.PutAsJsonAsync("v1/checkpoints/cp-1", new { name = "A", unit = "U", district = "D" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
