using System.Globalization;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>
/// checkpoint-bench ingest [--nodes N] [--seconds S] [--skip-external]: in one run and with the same MQTTnet clients,
/// (1) raw Mosquitto QoS 1 pub → sub, lossless (a publisher's slot frees when the subscriber has the message);
/// (2) the gateway as its own process on its embedded MQTTnet broker: N nodes at increasing offered rates, then flat
/// out (64 in flight per node), verdict latency at 1,000 check-ins/s, RSS after 100,000 check-ins;
/// (3) the same gateway in external mode on that Mosquitto. Every check-in sent must be stored once and answered
/// (distinct sequences), else the benchmark fails.
/// Profiling and A/B runs: --mode embedded|external runs one gateway mode only (and no raw baseline); --hold R [--hold-seconds S]
/// replaces the ladder and the flat-out step with one paced step at R check-ins/s (the gateway's pid is printed first,
/// for dotnet-trace / perf / /proc); --latency-seconds S lengthens the 1,000/s latency step (default max(5, --seconds)).
/// </summary>
public static class IngestBenchmark
{
    private static readonly int[] Ladder = [500, 1000, 2000, 4000, 6000, 8000, 10000, 12000, 16000, 20000, 24000, 32000];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine("checkpoint-bench ingest [--nodes 8] [--seconds 4] [--skip-external] [--mode embedded|external] [--hold RATE [--hold-seconds 20]] [--latency-seconds S]");
            return 0;
        }

        var nodes = IntArg(args, "--nodes", 8);
        var step = TimeSpan.FromSeconds(IntArg(args, "--seconds", 4));
        var mode = StringArg(args, "--mode", "both");
        if (mode is not ("both" or "embedded" or "external"))
        {
            Console.Error.WriteLine($"--mode must be embedded, external or both, not '{mode}'");
            return 2;
        }

        var plan = new RunPlan(
            nodes,
            step,
            IntArg(args, "--hold", 0),
            TimeSpan.FromSeconds(IntArg(args, "--hold-seconds", 20)),
            TimeSpan.FromSeconds(IntArg(args, "--latency-seconds", (int)Math.Max(5, step.TotalSeconds))));
        var failed = false;

        await using var mosquitto = await BenchMosquitto.StartAsync();
        Console.WriteLine($"ingest bench: {nodes} nodes, {step.TotalSeconds:F0} s per step; Mosquitto {mosquitto.Version} on 127.0.0.1:{mosquitto.Port}");

        var raw = double.NaN;
        if (mode == "both")
        {
            raw = await RawBrokerBaseline.MeasureAsync("127.0.0.1", mosquitto.Port, nodes, step, BenchMosquitto.BenchUser, mosquitto.BenchPassword);
            Console.WriteLine($"raw Mosquitto: {raw:F0} msgs/s delivered (QoS 1, {nodes} publishers x {RawBrokerBaseline.Window} in flight -> 1 subscriber)");
        }

        GatewayRun? embedded = null;
        if (mode != "external")
        {
            Console.WriteLine("gateway, embedded MQTTnet broker:");
            await using var gw = await GatewayProcess.StartAsync("--Gateway:Broker:Port", "0");
            embedded = await MeasureGatewayAsync(gw, plan, measureMemory: plan.HoldRate == 0, register: null);
            failed |= !embedded.Value.Lossless;
        }

        GatewayRun? external = null;
        if (mode != "embedded" && !args.Contains("--skip-external"))
        {
            Console.WriteLine("gateway, external mode on Mosquitto:");
            await using var gw = await GatewayProcess.StartAsync(
                "--Gateway:Broker:Mode", "external",
                "--Gateway:Broker:Host", "127.0.0.1",
                "--Gateway:Broker:Port", mosquitto.Port.ToString(CultureInfo.InvariantCulture),
                "--Gateway:Broker:Username", BenchMosquitto.GatewayUser,
                "--Gateway:Broker:Password", mosquitto.GatewayPassword);
            external = await MeasureGatewayAsync(gw, plan, measureMemory: false, register: mosquitto.AddUserAsync);
            failed |= !external.Value.Lossless;
        }

        if (!double.IsNaN(raw))
        {
            Result("raw_mosquitto_msgs_per_s", raw, "msgs/s");
        }

        if (embedded is { } emb)
        {
            Result("gateway_checkins_per_s", emb.Best, "checkins/s");
        }

        if (external is { } ext)
        {
            Result("gateway_external_checkins_per_s", ext.Best, "checkins/s");
            Result("external_verdict_latency_p50_ms", ext.At1000.P50, "ms");
            Result("external_verdict_latency_p99_ms", ext.At1000.P99, "ms");
        }

        if (embedded is { } e)
        {
            if (!double.IsNaN(raw))
            {
                Result("gateway_vs_raw_ratio", e.Best / raw, "x");
            }

            Result("verdict_latency_p50_ms", e.At1000.P50, "ms");
            Result("verdict_latency_p99_ms", e.At1000.P99, "ms");
            if (!double.IsNaN(e.RssMb))
            {
                Result("gateway_rss_mb", e.RssMb, "MB");
            }
        }
        if (failed)
        {
            Console.WriteLine("FAILED: a gateway run lost or duplicated check-ins (see above)");
            return 1;
        }

        return 0;
    }

    private readonly record struct GatewayRun(double Best, StepResult At1000, double RssMb, bool Lossless);

    /// <summary>What one gateway run does: the ladder (HoldRate 0) or one held rate, then the latency step.</summary>
    private readonly record struct RunPlan(int Nodes, TimeSpan Step, int HoldRate, TimeSpan HoldFor, TimeSpan LatencyFor);

    private static async Task<GatewayRun> MeasureGatewayAsync(
        GatewayProcess gw, RunPlan plan, bool measureMemory, Func<string, string, Task>? register)
    {
        var count = plan.Nodes;
        var step = plan.Step;
        var list = new List<BenchNode>();
        for (var i = 0; i < count; i++)
        {
            var id = "n-bench-" + i;
            var (host, port, password) = await gw.EnrolAsync(id, i % 2 == 0 ? "in" : "out");
            if (register != null)
            {
                await register(id, password);
            }

            list.Add(await BenchNode.ConnectAsync(host, port, id, password, i));
        }

        await using var fleet = new Fleet(list);
        // Warm-up: the JIT needs a few seconds to reach speed, SQLite its pages, the broker its sessions.
        await fleet.RunPacedAsync(1000, TimeSpan.FromSeconds(5));
        await fleet.DrainAsync(TimeSpan.FromSeconds(30));
        var best = 0.0;
        if (plan.HoldRate > 0)
        {
            Console.WriteLine($"PROFILE pid={gw.Pid} rate={plan.HoldRate} seconds={plan.HoldFor.TotalSeconds:F0}");
            var held = await fleet.RunPacedAsync(plan.HoldRate, plan.HoldFor);
            Console.WriteLine($"  held {plan.HoldRate,6}/s: {held.Rate,8:F0} verdicts/s  p50 {held.P50,6:F2} ms  p99 {held.P99,7:F2} ms  missing {held.Missing}");
            best = Math.Min(held.Rate, plan.HoldRate);
        }

        foreach (var rate in plan.HoldRate > 0 ? Array.Empty<int>() : Ladder)
        {
            var s = await fleet.RunPacedAsync(rate, step);
            Console.WriteLine($"  offered {rate,6}/s: {s.Rate,8:F0} verdicts/s  p50 {s.P50,6:F2} ms  p99 {s.P99,7:F2} ms  missing {s.Missing}");
            best = Math.Max(best, Math.Min(s.Rate, rate));
            if (s.Rate < rate * 0.9)
            {
                break;
            }
        }

        await fleet.DrainAsync(TimeSpan.FromSeconds(60)); // the overloaded step's backlog must not spill into the next
        if (plan.HoldRate == 0)
        {
            var max = await fleet.RunClosedLoopAsync(window: 64, step);
            Console.WriteLine($"  flat out (64 in flight per node): {max.Rate:F0} verdicts/s  p50 {max.P50:F2} ms  p99 {max.P99:F2} ms");
            best = Math.Max(best, max.Rate);
            await fleet.DrainAsync(TimeSpan.FromSeconds(60));
        }

        var at1000 = await fleet.RunPacedAsync(1000, plan.LatencyFor);
        Console.WriteLine($"  latency at 1,000/s: p50 {at1000.P50:F2} ms  p99 {at1000.P99:F2} ms  ({at1000.Samples} samples)");

        var rss = double.NaN;
        if (measureMemory)
        {
            const long target = 100_000;
            if (fleet.TotalSent < target)
            {
                await fleet.SendAsync(target - fleet.TotalSent, 4000);
            }

            await fleet.DrainAsync(TimeSpan.FromSeconds(60));
            rss = gw.RssMb();
            Console.WriteLine($"  RSS after {fleet.TotalSent:N0} check-ins: {rss:F1} MiB");
        }

        await fleet.DrainAsync(TimeSpan.FromSeconds(60));
        var stored = await gw.StoredCheckinsAsync();
        var lossless = stored == fleet.TotalSent && fleet.TotalVerdicts == fleet.TotalSent;
        Console.WriteLine($"  sent {fleet.TotalSent:N0}, stored {stored:N0}, answered (distinct) {fleet.TotalVerdicts:N0}{(lossless ? string.Empty : "  <-- MISMATCH")}");
        return new GatewayRun(best, at1000, rss, lossless);
    }

    private static void Result(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name}={value:0.###} {unit}"));

    private static string StringArg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : fallback;
    }
}
