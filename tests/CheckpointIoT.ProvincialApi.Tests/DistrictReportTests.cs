using System.Net;
using System.Text.Json;
using CheckpointIoT.ProvincialApi.Tests.Infrastructure;

namespace CheckpointIoT.ProvincialApi.Tests;

/// <summary>The district report against data uploaded through the API; expectations are computed independently here.</summary>
public sealed class DistrictReportTests
{
    private static readonly DateTimeOffset At = new(2025, 11, 22, 0, 0, 0, TimeSpan.FromHours(7));
    private static readonly string AtParam = Uri.EscapeDataString(BatchJson.Ts(At));

    private static async Task<JsonElement> ReportAsync(TestServer server, string? district, int days = 7)
    {
        var url = $"v1/reports/district?days={days}&at={AtParam}" + (district is null ? "" : "&district=" + Uri.EscapeDataString(district));
        using var doc = JsonDocument.Parse(await server.Http.GetStringAsync(url));
        return doc.RootElement.Clone();
    }

    [Fact]
    public async Task Report_HandBuiltCase_CountsScansTrafficAndBeaconShare()
    {
        await using var server = await TestServer.StartAsync();
        using var gw = server.Client(TestServer.TokenA);
        await server.RegisterAsync(TestServer.TokenA, "cp-1", "Market gate", "Ward 1", "District A");
        await server.RegisterAsync(TestServer.TokenA, "cp-2", "School", "Ward 1", "District A");
        await server.RegisterAsync(TestServer.TokenA, "cp-3", "Hospital", "Ward 2", "District A");
        await server.RegisterAsync(TestServer.TokenA, "cp-9", "Elsewhere", "Ward 9", "District B");

        var t = At.AddDays(-1);
        var batch = new BatchJson("batch-0001")
            .CheckIn("n1:1", "cp-1", t)                          // GAEN 1 min before: beacon present
            .CheckIn("n1:2", "cp-1", t.AddHours(1))              // only an iBeacon nearby: not a tracing app
            .CheckIn("n1:3", "cp-1", t.AddHours(2))              // Bluezone seen until exactly 2 min before: present
            .CheckIn("n1:4", "cp-1", t.AddHours(3))              // GAEN 3 min after: outside ±2 min
            .CheckIn("n1:5", "cp-2", t.AddDays(-10))             // before the window: total only
            .CheckIn("n1:6", "cp-3", t.AddHours(5), vd: "fail")  // fail counts as a scan; beacon at cp-1 does not count here
            .CheckIn("n1:8", "cp-1", At.AddMinutes(1))           // after the window end: not counted
            .Presence("n1:100:0", "cp-1", t.AddMinutes(-1), t.AddMinutes(-1))
            .Presence("n1:100:1", "cp-1", t.AddHours(1), t.AddHours(1), bt: "ibeacon")
            .Presence("n1:100:2", "cp-1", t.AddHours(2).AddMinutes(-10), t.AddHours(2).AddMinutes(-2), bt: "bluezone", rid: "00112233445566778899aabb")
            .Presence("n1:100:3", "cp-1", t.AddHours(3).AddMinutes(3), t.AddHours(3).AddMinutes(4))
            .Presence("n1:100:4", "cp-1", t.AddHours(5), t.AddHours(5));
        Assert.Equal(HttpStatusCode.OK, (await BatchAnswer.PostAsync(gw, batch.Gzip())).Status);

        var report = await ReportAsync(server, "District A");

        var section = Assert.Single(report.GetProperty("districts").EnumerateArray());
        Assert.Equal("District A", section.GetProperty("district").GetString());
        var totals = section.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("checkpointsRegistered").GetInt32());
        Assert.Equal(6, totals.GetProperty("scansTotal").GetInt64());
        Assert.Equal(5, totals.GetProperty("scansInWindow").GetInt64());
        Assert.Equal(2, totals.GetProperty("checkpointsWithTraffic").GetInt32());
        Assert.Equal(2, totals.GetProperty("checkInsWithBeacon").GetInt64());
        Assert.Equal(0.4, totals.GetProperty("beaconShare").GetDouble(), 4);

        var units = section.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!);
        Assert.Equal(2, units["Ward 1"].GetProperty("checkpointsRegistered").GetInt32());
        Assert.Equal(5, units["Ward 1"].GetProperty("scansTotal").GetInt64());
        Assert.Equal(1, units["Ward 1"].GetProperty("checkpointsWithTraffic").GetInt32());
        Assert.Equal(0.5, units["Ward 1"].GetProperty("beaconShare").GetDouble(), 4);
        Assert.Equal(0.0, units["Ward 2"].GetProperty("beaconShare").GetDouble(), 4);

        var list = section.GetProperty("checkpointsWithTrafficList").EnumerateArray().Select(c => c.GetProperty("checkpointId").GetString()).ToList();
        Assert.Equal(["cp-1", "cp-3"], list);
        Assert.EndsWith("+07:00", report.GetProperty("windowStart").GetString());
    }

    [Fact]
    public async Task Report_SeededRandomData_MatchesIndependentComputation()
    {
        await using var server = await TestServer.StartAsync();
        using var gw = server.Client(TestServer.TokenA);
        var random = new Random(20211122);
        var districts = new[] { "Quận 1", "Quận 3" };
        var checkpoints = new List<(string Id, string Unit, string District)>();
        for (var i = 0; i < 24; i++)
        {
            var district = districts[i % 2];
            var unit = $"Phường {(i / 2) % 4 + 1}";
            checkpoints.Add(($"cp-{i:00}", unit, district));
            await server.RegisterAsync(TestServer.TokenA, $"cp-{i:00}", $"Checkpoint {i}", unit, district);
        }
        // Only registered checkpoints: the province rejects records for any other (OwnershipTests).
        var cpIds = checkpoints.Select(c => c.Id).ToArray();
        var beaconTypes = new[] { "gaen", "bluezone", "bluetrace", "ibeacon", "eddystone", "other" };

        var scans = new List<(string Cp, DateTimeOffset Ts)>();
        var presence = new List<(string Cp, string Bt, DateTimeOffset First, DateTimeOffset Last)>();
        for (var i = 0; i < 1500; i++)
        {
            // Only some checkpoints get traffic; times spread over 20 days before `At` plus a few after it.
            var cp = cpIds[random.Next(0, cpIds.Length / 2) * 2 % cpIds.Length];
            scans.Add((cp, At.AddMinutes(-random.Next(-60, 20 * 24 * 60))));
        }
        for (var i = 0; i < 900; i++)
        {
            var anchor = scans[random.Next(scans.Count)];
            var first = anchor.Ts.AddSeconds(random.Next(-600, 600));
            presence.Add((random.Next(4) == 0 ? cpIds[random.Next(cpIds.Length)] : anchor.Cp, beaconTypes[random.Next(beaconTypes.Length)],
                first, first.AddSeconds(random.Next(0, 600))));
        }
        for (var chunk = 0; chunk * 500 < scans.Count; chunk++)
        {
            var batch = new BatchJson($"batch-{chunk:0000}");
            for (var i = chunk * 500; i < Math.Min(scans.Count, (chunk + 1) * 500); i++)
            {
                batch.CheckIn($"n1:{i}", scans[i].Cp, scans[i].Ts, vd: i % 7 == 0 ? "fail" : "pass");
            }
            for (var i = chunk * 300; i < Math.Min(presence.Count, (chunk + 1) * 300); i++)
            {
                var p = presence[i];
                batch.Presence($"n1:p{i}:0", p.Cp, p.First, p.Last, bt: p.Bt);
            }
            Assert.Equal(HttpStatusCode.OK, (await BatchAnswer.PostAsync(gw, batch.Gzip())).Status);
        }

        var report = await ReportAsync(server, null);

        var windowStart = At.AddDays(-7);
        var w = TimeSpan.FromMinutes(2);
        bool Tracing(string bt) => bt is "gaen" or "bluezone" or "bluetrace";
        foreach (var district in districts)
        {
            var section = report.GetProperty("districts").EnumerateArray().Single(d => d.GetProperty("district").GetString() == district);
            foreach (var unitGroup in checkpoints.Where(c => c.District == district).GroupBy(c => c.Unit))
            {
                var ids = unitGroup.Select(c => c.Id).ToHashSet();
                var unitScans = scans.Where(s => ids.Contains(s.Cp) && s.Ts < At).ToList();
                var inWindow = unitScans.Where(s => s.Ts >= windowStart).ToList();
                var withBeacon = inWindow.Count(s => presence.Any(p => p.Cp == s.Cp && Tracing(p.Bt) && p.First <= s.Ts + w && p.Last >= s.Ts - w));
                var unit = section.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("name").GetString() == unitGroup.Key);
                Assert.Equal(ids.Count, unit.GetProperty("checkpointsRegistered").GetInt32());
                Assert.Equal(unitScans.Count, unit.GetProperty("scansTotal").GetInt64());
                Assert.Equal(inWindow.Count, unit.GetProperty("scansInWindow").GetInt64());
                Assert.Equal(inWindow.Select(s => s.Cp).Distinct().Count(), unit.GetProperty("checkpointsWithTraffic").GetInt32());
                Assert.Equal(withBeacon, unit.GetProperty("checkInsWithBeacon").GetInt64());
            }
            var districtIds = checkpoints.Where(c => c.District == district).Select(c => c.Id).ToHashSet();
            var trafficIds = scans.Where(s => districtIds.Contains(s.Cp) && s.Ts >= windowStart && s.Ts < At).Select(s => s.Cp).Distinct().Order().ToList();
            var listed = section.GetProperty("checkpointsWithTrafficList").EnumerateArray().Select(c => c.GetProperty("checkpointId").GetString()!).Order().ToList();
            Assert.Equal(trafficIds, listed);
            Assert.Equal(trafficIds.Count, section.GetProperty("totals").GetProperty("checkpointsWithTraffic").GetInt32());
        }
    }

    [Fact]
    public async Task Report_UnknownDistrict_ReturnsZeroSection()
    {
        await using var server = await TestServer.StartAsync();
        var report = await ReportAsync(server, "Nowhere");
        var section = Assert.Single(report.GetProperty("districts").EnumerateArray());
        Assert.Equal(0, section.GetProperty("totals").GetProperty("checkpointsRegistered").GetInt32());
        Assert.Equal(JsonValueKind.Null, section.GetProperty("totals").GetProperty("beaconShare").ValueKind);
    }

    [Fact]
    public async Task Report_BadDays_Returns400()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Http.GetAsync("v1/reports/district?days=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ReportHtml_RendersFiguresAndEscapesNames()
    {
        await using var server = await TestServer.StartAsync();
        using var gw = server.Client(TestServer.TokenA);
        await server.RegisterAsync(TestServer.TokenA, "cp-1", "<script>alert(1)</script>", "Phường Bến Nghé", "Quận 1");
        var batch = new BatchJson("batch-0001").CheckIn("n1:1", "cp-1", At.AddDays(-1)).CheckIn("n1:2", "cp-1", At.AddDays(-2));
        Assert.Equal(HttpStatusCode.OK, (await BatchAnswer.PostAsync(gw, batch.Gzip())).Status);

        var response = await server.Http.GetAsync($"reports/district.html?district={Uri.EscapeDataString("Quận 1")}&at={AtParam}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("District: Quận 1", html);
        Assert.Contains("Phường Bến Nghé", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("Checkpoints with traffic in the last 7 days (1)", html);
        Assert.Contains("@page", html);
    }
}
