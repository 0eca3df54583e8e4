using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CheckpointIoT.EndToEnd.Tests.Harness;
using CheckpointIoT.TestSupport;
using Xunit.Abstractions;

namespace CheckpointIoT.EndToEnd.Tests;

/// <summary>
/// Issue 12 §1 with real processes: the node simulator (the firmware core, 5 s heartbeats) against the gateway
/// process (heartbeat 5 s, offline after 2 missed). Its health figures change across heartbeats; SIGKILLed, it is
/// shown offline within the configured 10 s in /api/nodes, /api/status and /metrics alike; started again, it is online.
/// </summary>
[Collection(EndToEndCollection.Name)]
public class NodeHealthTests(ITestOutputHelper output)
{
    private const string NodeId = "n-kill1";
    private static readonly TimeSpan OfflineLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SimulatorSigkilled_ShownOfflineWithinConfiguredTime_FiguresChangedAcrossHeartbeats_BackOnlineAfterRestart()
    {
        await using var system = new SystemUnderTest();
        await system.StartGatewayAsync("--Gateway:Upload:Enabled", "false",
            "--Gateway:Nodes:HeartbeatSeconds", "5", "--Gateway:Nodes:OfflineAfterMissedHeartbeats", "2");
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{system.GatewayPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(system.GatewayData, "admin.token")).Trim());
        string[] simulatorArgs = ["--nodes", "1", "--node-prefix", "n-kill", "--rate", "0", "--status-interval", "5"];

        var simulator = system.StartSimulator(simulatorArgs);
        var first = await WaitNodeAsync(admin, n => Online(n) && n.GetProperty("health").GetProperty("lastStatusAt").ValueKind == JsonValueKind.String,
            TimeSpan.FromSeconds(60), system);
        var firstStatusAt = first.GetProperty("health").GetProperty("lastStatusAt").GetString();
        var next = await WaitNodeAsync(admin, n => n.GetProperty("health").GetProperty("lastStatusAt").GetString() != firstStatusAt, TimeSpan.FromSeconds(20), system);

        simulator.Kill();
        var clock = Stopwatch.StartNew();
        var offline = await WaitNodeAsync(admin, n => !Online(n), OfflineLimit + TimeSpan.FromSeconds(2), system);
        var offlineAfter = clock.Elapsed;
        var status = await admin.GetFromJsonAsync<JsonElement>("api/status");
        var metrics = await admin.GetStringAsync("metrics");

        Assert.True(Uptime(next) > Uptime(first), $"uptime did not move across heartbeats: {first} then {next}");
        Assert.True(offlineAfter <= OfflineLimit + TimeSpan.FromSeconds(2), $"offline only after {offlineAfter}");
        Assert.Contains(offline.GetProperty("offlineReason").GetString(), new[] { "last-will", "missed-heartbeats" });
        output.WriteLine($"offline after {offlineAfter.TotalMilliseconds:F0} ms ({offline.GetProperty("offlineReason").GetString()}); uptime {Uptime(first)} s then {Uptime(next)} s");
        Assert.Equal(0, status.GetProperty("nodesOnline").GetInt32());
        Assert.Contains("\ncheckpoint_nodes_online 0\n", metrics);

        await using var again = system.StartSimulator(simulatorArgs);
        var back = await WaitNodeAsync(admin, n => Online(n), TimeSpan.FromSeconds(60), system);
        Assert.True(Uptime(back) < Uptime(next) + 5, $"the restarted node reports its new uptime: {back}");
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>("api/status")).GetProperty("nodesOnline").GetInt32());
    }

    [Fact]
    public async Task SimulatorFrozen_ConnectionStillOpen_OfflineAfterMissedHeartbeats_OnlineAgainWhenItResumes()
    {
        await using var system = new SystemUnderTest();
        await system.StartGatewayAsync("--Gateway:Upload:Enabled", "false",
            "--Gateway:Nodes:HeartbeatSeconds", "5", "--Gateway:Nodes:OfflineAfterMissedHeartbeats", "2");
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{system.GatewayPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(system.GatewayData, "admin.token")).Trim());
        await using var simulator = system.StartSimulator("--nodes", "1", "--node-prefix", "n-kill", "--rate", "0", "--status-interval", "5");
        await WaitNodeAsync(admin, n => Online(n), TimeSpan.FromSeconds(60), system);

        // SIGSTOP: the process is frozen but its TCP connection stays open, so the broker sends no last will for
        // 1.5 × its 15 s keep-alive; only the missed heartbeats can tell.
        Assert.Equal(0, Posix.Kill(simulator.Id, 19));
        var clock = Stopwatch.StartNew();
        JsonElement offline;
        try
        {
            offline = await WaitNodeAsync(admin, n => !Online(n), OfflineLimit + TimeSpan.FromSeconds(2), system);
        }
        finally
        {
            Posix.Kill(simulator.Id, 18);
        }

        var offlineAfter = clock.Elapsed;
        output.WriteLine($"frozen node offline after {offlineAfter.TotalMilliseconds:F0} ms ({offline.GetProperty("offlineReason").GetString()})");
        Assert.Equal("missed-heartbeats", offline.GetProperty("offlineReason").GetString());
        var back = await WaitNodeAsync(admin, n => Online(n), TimeSpan.FromSeconds(30), system);
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>("api/status")).GetProperty("nodesOnline").GetInt32());
        Assert.Equal("online", back.GetProperty("state").GetString());
    }

    private static bool Online(JsonElement node) => node.GetProperty("online").ValueKind == JsonValueKind.True;

    private static long Uptime(JsonElement node) => node.GetProperty("health").GetProperty("uptimeSeconds").GetInt64();

    private static async Task<JsonElement> WaitNodeAsync(HttpClient admin, Func<JsonElement, bool> condition, TimeSpan timeout, SystemUnderTest system)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var nodes = await admin.GetFromJsonAsync<JsonElement>("api/nodes");
            foreach (var n in nodes.EnumerateArray())
            {
                if (n.GetProperty("nodeId").GetString() == NodeId)
                {
                    last = n;
                    if (condition(n))
                    {
                        return n;
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"node {NodeId} not in the expected state within {timeout}; last: {last}\n{system.Dump()}");
    }
}
