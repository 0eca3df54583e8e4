using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CheckpointIoT.Gateway.Tests.Metrics;
using CheckpointIoT.Gateway.Tests.Support;
using CheckpointIoT.Node.Core.Wire;

namespace CheckpointIoT.Gateway.Tests.Api;

/// <summary>
/// Issue 12 §1 through the real gateway (embedded broker, SQLite, HTTP): heartbeats change the health figures, a
/// power cut's last will and a silent node make the node offline, its next frame brings it back, and the status page,
/// /api/nodes, /api/status and /metrics say the same thing.
/// </summary>
public sealed partial class NodeHealthApiTests
{
    private static NodeStatus Status(uint uptime, uint free, uint queue, int rssi) => new()
    {
        Online = true, FirmwareVersion = "1.4.0", UptimeSeconds = uptime, FreeMemoryBytes = free, QueueDepth = queue, WifiRssi = rssi, Scanner = ScannerHealth.Ok,
    };

    [Fact]
    public async Task Heartbeats_ThroughTheBroker_FiguresChangeEachTime_NoVerdict_AllViewsSayOnline()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-hb"));

        var seen = new List<(long Uptime, long Free, long Queue, int Rssi, string LastStatusAt)>();
        for (uint i = 1; i <= 3; i++)
        {
            await node.PublishAsync(Topics.Status("n-hb"), TestNode.FirmwareStatusFrame("n-hb", Status(60 * i, 50_000 - i, i, -50 - (int)i)), retain: true);
            var n = await WaitNodeAsync(gw, "n-hb", j => j.GetProperty("health").GetProperty("uptimeSeconds").GetInt64() == 60 * i);
            var h = n.GetProperty("health");
            seen.Add((h.GetProperty("uptimeSeconds").GetInt64(), h.GetProperty("freeMemoryBytes").GetInt64(), h.GetProperty("queueDepth").GetInt64(),
                h.GetProperty("wifiRssi").GetInt32(), h.GetProperty("lastStatusAt").GetString()!));
            await Task.Delay(5); // distinct arrival times
        }

        await node.PublishQrAsync(1, Samples.Cccd("001099012345"));
        await node.WaitVerdictAsync(1);
        var views = await ViewsAsync(gw, "n-hb");

        Assert.Equal([(60L, 49_999L, 1L, -51), (120L, 49_998L, 2L, -52), (180L, 49_997L, 3L, -53)], seen.Select(s => (s.Uptime, s.Free, s.Queue, s.Rssi)).ToList());
        Assert.Equal(3, seen.Select(s => s.LastStatusAt).Distinct().Count());
        Assert.Equal(0, node.VerdictCount(0));
        Assert.Equal(new Views(true, "online", 1, 1, 1, "online"), views);
    }

    [Fact]
    public async Task PowerCut_BrokerDeliversLastWill_OfflineInEveryView_ReconnectingNodeIsOnlineAgain()
    {
        await using var gw = await GatewayHarness.StartAsync();
        var enrolled = await gw.EnrolAsync("n-cut");
        using (var esp = await PowerCutNode.ConnectAsync(gw.Broker.NodeHost, gw.Broker.NodePort, "n-cut", enrolled.Password,
                   Topics.Status("n-cut"), TestNode.FirmwareLastWill("n-cut", "1.4.0")))
        {
            await esp.PublishRetainedAsync(Topics.Status("n-cut"), TestNode.FirmwareStatusFrame("n-cut", Status(30, 40_000, 0, -60)));

            await WaitNodeAsync(gw, "n-cut", j => j.GetProperty("online").GetBoolean());
            esp.CutPower();
        }

        var offline = await WaitNodeAsync(gw, "n-cut", j => !j.GetProperty("online").GetBoolean());
        var views = await ViewsAsync(gw, "n-cut");

        Assert.Equal("last-will", offline.GetProperty("offlineReason").GetString());
        Assert.NotNull(offline.GetProperty("lastWillAt").GetString());
        Assert.Equal(30, offline.GetProperty("health").GetProperty("uptimeSeconds").GetInt64()); // last known figures stay
        Assert.Equal(new Views(false, "offline", 0, 0, 0, "offline (last-will)"), views);

        await using var back = await gw.ConnectNodeAsync(enrolled);
        await back.PublishAsync(Topics.Status("n-cut"), TestNode.FirmwareStatusFrame("n-cut", Status(1, 41_000, 0, -58)), retain: true);
        await WaitNodeAsync(gw, "n-cut", j => j.GetProperty("online").GetBoolean());

        Assert.Equal(new Views(true, "online", 1, 1, 1, "online"), await ViewsAsync(gw, "n-cut"));
    }

    [Fact]
    public async Task SilentNode_MissesConfiguredHeartbeats_OfflineInEveryView_NextHeartbeatOnlineAgain()
    {
        await using var gw = await GatewayHarness.StartAsync(null,
            "--Gateway:Nodes:HeartbeatSeconds", "1", "--Gateway:Nodes:OfflineAfterMissedHeartbeats", "2");
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-quiet"));

        await node.PublishAsync(Topics.Status("n-quiet"), TestNode.FirmwareStatusFrame("n-quiet", Status(5, 40_000, 0, -60)), retain: true);
        await WaitNodeAsync(gw, "n-quiet", j => j.GetProperty("health").GetProperty("uptimeSeconds").GetInt64() == 5);
        var clock = Stopwatch.StartNew();
        var offline = await WaitNodeAsync(gw, "n-quiet", j => !j.GetProperty("online").GetBoolean());
        var silentFor = clock.Elapsed;

        Assert.True(node.Client.IsConnected, "the node's MQTT session is still up: only the heartbeat limit says offline");
        Assert.True(silentFor > TimeSpan.FromSeconds(1), $"offline after {silentFor.TotalMilliseconds} ms, before the 2 s limit");
        Assert.Equal("missed-heartbeats", offline.GetProperty("offlineReason").GetString());
        Assert.Equal(new Views(false, "offline", 0, 0, 0, "offline (missed-heartbeats)"), await ViewsAsync(gw, "n-quiet"));

        await node.PublishAsync(Topics.Status("n-quiet"), TestNode.FirmwareStatusFrame("n-quiet", Status(8, 40_000, 0, -60)), retain: true);
        var back = await WaitNodeAsync(gw, "n-quiet", j => j.GetProperty("online").GetBoolean());
        Assert.Equal(8, back.GetProperty("health").GetProperty("uptimeSeconds").GetInt64());
    }

    [Fact]
    public async Task UnreadableRecords_ReportedByNode_ShownOnApiAndStatusPage()
    {
        await using var gw = await GatewayHarness.StartAsync();
        await using var node = await gw.ConnectNodeAsync(await gw.EnrolAsync("n-rot"));
        var status = Status(60, 40_000, 0, -60);
        status.UnreadableRecords = 3;

        await node.PublishAsync(Topics.Status("n-rot"), TestNode.FirmwareStatusFrame("n-rot", status), retain: true);
        var n = await WaitNodeAsync(gw, "n-rot", j => j.GetProperty("health").GetProperty("unreadableRecords").ValueKind == JsonValueKind.Number);
        using var anonymous = new HttpClient { BaseAddress = gw.Http.BaseAddress };
        var html = await anonymous.GetStringAsync("/");

        Assert.Equal(3, n.GetProperty("health").GetProperty("unreadableRecords").GetInt64());
        Assert.Contains("<th>unreadable records</th>", html);
        Assert.Contains("title=\"check-ins lost to flash corruption\">3</td>", html);
    }

    /// <summary>What each surface says about one node and the online count.</summary>
    private sealed record Views(bool ApiOnline, string ApiState, int StatusNodesOnline, double Metric, int DashboardOnline, string DashboardState);

    private static async Task<Views> ViewsAsync(GatewayHarness gw, string nodeId)
    {
        var node = (await NodesAsync(gw)).Single(j => j.GetProperty("nodeId").GetString() == nodeId);
        var status = await gw.Http.GetFromJsonAsync<JsonElement>("/api/status");
        var metrics = ExpositionParser.Parse(await gw.Http.GetStringAsync("/metrics"));
        using var anonymous = new HttpClient { BaseAddress = gw.Http.BaseAddress };
        var html = await anonymous.GetStringAsync("/");
        var count = CountPattern().Match(html);
        var row = RowState().Match(html[html.IndexOf("<td>" + nodeId + "</td>", StringComparison.Ordinal)..]);
        Assert.True(count.Success && row.Success, "status page without node count or state: " + html);
        return new Views(node.GetProperty("online").GetBoolean(), node.GetProperty("state").GetString()!, status.GetProperty("nodesOnline").GetInt32(),
            metrics.Value("checkpoint_nodes_online"), int.Parse(count.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), row.Groups[1].Value);
    }

    private static async Task<JsonElement[]> NodesAsync(GatewayHarness gw) =>
        (await gw.Http.GetFromJsonAsync<JsonElement>("/api/nodes")).EnumerateArray().ToArray();

    private static async Task<JsonElement> WaitNodeAsync(GatewayHarness gw, string nodeId, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var node = (await NodesAsync(gw)).Single(j => j.GetProperty("nodeId").GetString() == nodeId);
            if (condition(node))
            {
                return node;
            }

            Assert.True(DateTime.UtcNow < deadline, $"node {nodeId} never reached the expected state: {node}");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"Nodes \((\d+) of \d+ online\)")]
    private static partial Regex CountPattern();

    [GeneratedRegex("<td class=\"(?:ok|bad)\">([^<]+)</td>")]
    private static partial Regex RowState();
}
