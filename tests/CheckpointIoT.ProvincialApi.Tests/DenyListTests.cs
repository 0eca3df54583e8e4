using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheckpointIoT.ProvincialApi.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CheckpointIoT.ProvincialApi.Tests;

public sealed class DenyListTests
{
    private sealed record Page(string Cursor, bool Full, bool More, string[] Added, string[] Removed);

    private static async Task<Page> GetAsync(HttpClient client, string? since, int? limit = null)
    {
        var url = "v1/denylist?" + (since is null ? "" : "since=" + since) + (limit is null ? "" : "&limit=" + limit);
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var r = doc.RootElement;
        return new Page(r.GetProperty("cursor").GetString()!, r.GetProperty("full").GetBoolean(), r.GetProperty("more").GetBoolean(),
            r.GetProperty("added").EnumerateArray().Select(e => e.GetString()!).ToArray(),
            r.GetProperty("removed").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    private static async Task<HttpResponseMessage> OrderAsync(HttpClient admin, string orderRef, string[] hashes, DateTimeOffset? until = null) =>
        await admin.PostAsJsonAsync("v1/admin/quarantine-orders", new { orderRef, idHashes = hashes, until = until is null ? null : BatchJson.Ts(until.Value) });

    [Fact]
    public async Task DenyList_NoToken_Returns401()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Http.GetAsync("v1/denylist");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task QuarantineOrder_GatewayToken_Returns401()
    {
        await using var server = await TestServer.StartAsync();
        using var gw = server.Client(TestServer.TokenA);
        var response = await OrderAsync(gw, "Q1", [BatchJson.Hash("a")]);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task QuarantineOrder_InvalidHash_Returns422()
    {
        await using var server = await TestServer.StartAsync();
        using var admin = server.Client(TestServer.AdminToken);
        var response = await OrderAsync(admin, "Q1", ["001099012345"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task DenyList_Incremental_ReturnsOnlyChangesSinceCursor()
    {
        await using var server = await TestServer.StartAsync();
        using var admin = server.Client(TestServer.AdminToken);
        using var gw = server.Client(TestServer.TokenA);
        string h1 = BatchJson.Hash("p1"), h2 = BatchJson.Hash("p2"), h3 = BatchJson.Hash("p3");

        (await OrderAsync(admin, "Q1", [h1, h2])).EnsureSuccessStatusCode();
        var full = await GetAsync(gw, null);
        Assert.True(full.Full);
        Assert.Equal(new[] { h1, h2 }.Order(), full.Added.Order());

        var nothing = await GetAsync(gw, full.Cursor);
        Assert.False(nothing.Full);
        Assert.Empty(nothing.Added);
        Assert.Empty(nothing.Removed);
        Assert.Equal(full.Cursor, nothing.Cursor);

        (await OrderAsync(admin, "Q2", [h2, h3])).EnsureSuccessStatusCode(); // h2 already listed: only h3 is new
        var delta = await GetAsync(gw, full.Cursor);
        Assert.Equal([h3], delta.Added);
        Assert.Empty(delta.Removed);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("v1/admin/quarantine-orders/Q1")).StatusCode);
        var afterLift = await GetAsync(gw, delta.Cursor);
        Assert.Equal([h1], afterLift.Removed); // h2 stays: Q2 still covers it
        Assert.Empty(afterLift.Added);
    }

    [Fact]
    public async Task DenyList_ExpiredOrder_BecomesARemoval()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(clock);
        using var admin = server.Client(TestServer.AdminToken);
        using var gw = server.Client(TestServer.TokenA);
        var h = BatchJson.Hash("p1");
        (await OrderAsync(admin, "Q1", [h], clock.GetUtcNow().AddDays(14))).EnsureSuccessStatusCode();
        var first = await GetAsync(gw, null);
        Assert.Equal([h], first.Added);

        clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
        var later = await GetAsync(gw, first.Cursor);

        Assert.Equal([h], later.Removed);
        Assert.Equal(0, await server.StatAsync("denyListActive"));
    }

    [Fact]
    public async Task DenyList_SmallPages_WalkEveryChangeWithMore()
    {
        await using var server = await TestServer.StartAsync();
        using var admin = server.Client(TestServer.AdminToken);
        using var gw = server.Client(TestServer.TokenA);
        var start = await GetAsync(gw, null);
        var hashes = Enumerable.Range(0, 25).Select(i => BatchJson.Hash("p" + i)).ToArray();
        (await OrderAsync(admin, "Q1", hashes)).EnsureSuccessStatusCode();

        var seen = new List<string>();
        var cursor = start.Cursor;
        var pages = 0;
        while (true)
        {
            var page = await GetAsync(gw, cursor, limit: 10);
            pages++;
            seen.AddRange(page.Added);
            cursor = page.Cursor;
            if (!page.More)
            {
                break;
            }
        }
        Assert.Equal(3, pages);
        Assert.Equal(hashes.Order(), seen.Order());
    }

    [Fact]
    public async Task DenyList_CursorFromTheFuture_ReturnsFullSnapshot()
    {
        await using var server = await TestServer.StartAsync();
        using var admin = server.Client(TestServer.AdminToken);
        using var gw = server.Client(TestServer.TokenA);
        (await OrderAsync(admin, "Q1", [BatchJson.Hash("p1")])).EnsureSuccessStatusCode();
        var page = await GetAsync(gw, "999999");
        Assert.True(page.Full);
        Assert.Single(page.Added);
    }

    [Fact]
    public async Task DenyList_GarbageCursor_Returns400()
    {
        await using var server = await TestServer.StartAsync();
        using var gw = server.Client(TestServer.TokenA);
        var response = await gw.GetAsync("v1/denylist?since=abc");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
