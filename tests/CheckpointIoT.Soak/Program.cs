using System.Diagnostics;
using CheckpointIoT.Soak;

SoakOptions options;
try { options = SoakOptions.Parse(args); }
catch (ArgumentException e) { Console.Error.WriteLine("error: " + e.Message); return 2; }
if (options.ShowHelp) { Console.WriteLine(SoakOptions.Help); return 0; }

Directory.CreateDirectory(options.WorkDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
Console.WriteLine($"soak: {options.Minutes} min, {options.Nodes} nodes x {options.RatePerNode}/s, seed {options.Seed}, work dir {options.WorkDirectory}");
var random = new Random(options.Seed);
await using var disk = GatewayDisk.Mount(Path.Combine(options.WorkDirectory, "gateway-disk"));
var system = new SoakSystem(options, Path.Combine(disk.Path, "gateway"));
var rss = new RssTracker();
double maxLagSeconds = 0;
var total = Stopwatch.StartNew();
try
{
    await system.StartProvincialAsync();
    await system.StartGatewayAsync();
    for (int i = 0; i < system.NodeCount; i++) system.StartNode(i);
    rss.Incarnation(system.Gateway!.Id);

    var chaosEnd = TimeSpan.FromMinutes(options.Minutes);
    var nextChaos = TimeSpan.FromSeconds(20 + random.Next(20));
    var diskFillAt = TimeSpan.FromSeconds(chaosEnd.TotalSeconds / 3);
    bool diskFilled = !disk.Mounted;
    var nextProgress = TimeSpan.FromSeconds(30);
    var down = new Dictionary<string, TimeSpan>();
    bool Due(string name) => !down.TryGetValue(name, out var until) || total.Elapsed >= until;

    while (total.Elapsed < chaosEnd)
    {
        await Task.Delay(1000);
        var now = total.Elapsed;
        if (system.Provincial!.HasExited && Due("province")) await system.StartProvincialAsync();
        if (system.Gateway!.HasExited && Due("gateway"))
        {
            await system.StartGatewayAsync();
            rss.Incarnation(system.Gateway!.Id);
        }
        for (int i = 0; i < system.NodeCount; i++)
            if (system.Node(i)!.HasExited && Due("node" + i)) system.StartNode(i);

        maxLagSeconds = Math.Max(maxLagSeconds, await UploadLagAsync(system));
        if (now > TimeSpan.FromSeconds(30)) rss.Sample(system.Gateway!);

        if (!diskFilled && now >= diskFillAt)
        {
            diskFilled = true;
            _ = disk.FillForAsync(TimeSpan.FromSeconds(30));
        }
        if (now >= nextChaos)
        {
            nextChaos = now + TimeSpan.FromSeconds(10 + random.Next(30));
            int action = random.Next(4);
            var pause = TimeSpan.FromSeconds(1 + random.Next(8));
            switch (action)
            {
                case 0:
                    Console.WriteLine($"chaos {now:hh\\:mm\\:ss}: SIGKILL gateway, restart in {pause.TotalSeconds} s");
                    system.Gateway!.Kill();
                    down["gateway"] = now + pause;
                    break;
                case 1:
                    Console.WriteLine($"chaos {now:hh\\:mm\\:ss}: SIGKILL province, restart in {pause.TotalSeconds} s");
                    system.Provincial!.Kill();
                    down["province"] = now + pause;
                    break;
                case 2:
                    int n = random.Next(system.NodeCount);
                    Console.WriteLine($"chaos {now:hh\\:mm\\:ss}: SIGKILL {system.NodeId(n)}, restart in {pause.TotalSeconds} s");
                    system.KillNode(n);
                    down["node" + n] = now + pause;
                    break;
                default:
                    Console.WriteLine($"chaos {now:hh\\:mm\\:ss}: cut node links for {pause.TotalSeconds} s");
                    system.Proxy.Cut(pause);
                    break;
            }
        }
        if (now >= nextProgress)
        {
            nextProgress = now + TimeSpan.FromSeconds(30);
            var status = await system.GatewayStatusAsync();
            Console.WriteLine($"progress {now:hh\\:mm\\:ss}: ledger {CountLines(system.LedgerDirectory)} scans, gateway {(status?.GetProperty("checkins").GetInt64().ToString() ?? "down")}, " +
                $"province {(await system.ProvincialCheckinsAsync())?.ToString() ?? "down"}, gateway RSS {rss.CurrentMb:F1} MB, max upload lag {maxLagSeconds:F1} s");
        }
    }

    Console.WriteLine("soak: chaos over; draining (nodes restarted without new scans, exit when their queues are empty)");
    await disk.WaitFreedAsync();
    if (system.Provincial!.HasExited) await system.StartProvincialAsync();
    if (system.Gateway!.HasExited) { await system.StartGatewayAsync(); rss.Incarnation(system.Gateway!.Id); }
    rss.Sample(system.Gateway!);
    rss.EndOfLoad();
    for (int i = 0; i < system.NodeCount; i++)
    {
        system.KillNode(i);
        system.StartNode(i, drainOnly: true);
    }
    for (int i = 0; i < system.NodeCount; i++)
    {
        int code = await system.Node(i)!.WaitForExitAsync(TimeSpan.FromMinutes(10));
        if (code != 0) Console.WriteLine($"soak: {system.NodeId(i)} drain exited {code}:\n{SoakSystem.Tail(system.Node(i)!.Output)}");
    }
    await WaitUploadedAsync(system);
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
{
    Console.Error.WriteLine("soak: " + e.Message);
    await system.DisposeAsync();
    return 1;
}
await system.DisposeAsync();

var tally = Tally.Compute(system.LedgerDirectory, Path.Combine(system.GatewayData, "gateway.db"), system.ProvincialDb);
rss.Report();
Console.WriteLine($"RESULT soak_checkins={tally.Checkins} count");
Console.WriteLine($"RESULT soak_lost={tally.Lost} count");
Console.WriteLine($"RESULT soak_lost_at_province={tally.LostAtProvince} count");
Console.WriteLine($"RESULT soak_duplicated={tally.Duplicated} count");
Console.WriteLine($"RESULT soak_unledgered={tally.Unledgered} count");
Console.WriteLine($"RESULT soak_max_upload_lag_s={maxLagSeconds:F1} s");
return tally.Lost == 0 && tally.LostAtProvince == 0 && tally.Duplicated == 0 ? 0 : 1;

static long CountLines(string dir) => Directory.Exists(dir) ? Directory.GetFiles(dir, "*.txt").Sum(f => File.ReadLines(f).LongCount()) : 0;

/// <summary>Age of the gateway's oldest pending upload (0 when nothing is pending or the gateway is down).</summary>
static async Task<double> UploadLagAsync(SoakSystem system)
{
    var status = await system.GatewayStatusAsync();
    if (status is not { } s || !s.GetProperty("outbox").TryGetProperty("oldestPendingAt", out var oldest) || oldest.ValueKind != System.Text.Json.JsonValueKind.String)
        return 0;
    return (DateTimeOffset.UtcNow - DateTimeOffset.Parse(oldest.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds;
}

/// <summary>Waits until the gateway's outbox is empty and the province's count has been stable for 5 s.</summary>
static async Task WaitUploadedAsync(SoakSystem system)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
    long? last = null;
    var stableSince = DateTime.UtcNow;
    while (DateTime.UtcNow < deadline)
    {
        var status = await system.GatewayStatusAsync();
        long? count = await system.ProvincialCheckinsAsync();
        if (count != last) { last = count; stableSince = DateTime.UtcNow; }
        if (status?.GetProperty("outbox").GetProperty("pending").GetInt64() == 0 && DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(5)) return;
        await Task.Delay(500);
    }
    Console.WriteLine("soak: the gateway's outbox did not drain within 10 min");
}
