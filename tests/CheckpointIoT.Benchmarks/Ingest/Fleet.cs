using System.Diagnostics;

namespace CheckpointIoT.Benchmarks.Ingest;

/// <summary>The enrolled bench nodes, driven open loop (a paced rate) or closed loop (a window in flight per node).</summary>
internal sealed class Fleet(IReadOnlyList<BenchNode> nodes) : IAsyncDisposable
{
    public long TotalSent => nodes.Sum(n => n.Sent);

    public long TotalVerdicts => nodes.Sum(n => n.Verdicts);

    /// <summary>Waits until every check-in sent so far has its verdict (or <paramref name="max"/> passes).</summary>
    public async Task DrainAsync(TimeSpan max)
    {
        var sw = Stopwatch.StartNew();
        while (TotalVerdicts < TotalSent && sw.Elapsed < max)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>Open loop: <paramref name="rate"/> check-ins/s spread over the nodes, for <paramref name="duration"/>.</summary>
    public async Task<StepResult> RunPacedAsync(int rate, TimeSpan duration)
    {
        foreach (var n in nodes)
        {
            n.BeginStep();
        }

        var sw = Stopwatch.StartNew();
        long sent = 0;
        var next = 0;
        while (sw.Elapsed < duration)
        {
            var due = (long)(sw.Elapsed.TotalSeconds * rate);
            while (sent < due)
            {
                nodes[next].Send();
                next = (next + 1) % nodes.Count;
                sent++;
            }

            await Task.Delay(1);
        }

        return await FinishStepAsync(sent, sw.Elapsed);
    }

    /// <summary>Closed loop: each node keeps <paramref name="window"/> check-ins in flight.</summary>
    public async Task<StepResult> RunClosedLoopAsync(int window, TimeSpan duration)
    {
        foreach (var n in nodes)
        {
            n.BeginStep();
        }

        using var stop = new CancellationTokenSource(duration);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(nodes.Select(n => n.RunWindowAsync(window, stop.Token)));
        return await FinishStepAsync(nodes.Sum(n => n.StepSent), sw.Elapsed);
    }

    /// <summary>Sends <paramref name="count"/> check-ins at <paramref name="rate"/>/s (for the memory figure).</summary>
    public async Task SendAsync(long count, int rate)
    {
        var sw = Stopwatch.StartNew();
        long sent = 0;
        var next = 0;
        while (sent < count)
        {
            var due = Math.Min(count, (long)(sw.Elapsed.TotalSeconds * rate));
            while (sent < due)
            {
                nodes[next].Send();
                next = (next + 1) % nodes.Count;
                sent++;
            }

            await Task.Delay(1);
        }
    }

    private async Task<StepResult> FinishStepAsync(long sent, TimeSpan elapsed)
    {
        var deadline = Stopwatch.StartNew();
        while (nodes.Sum(n => n.StepVerdicts) < sent && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(5);
        }

        var answered = nodes.Sum(n => n.StepVerdicts);
        var lastVerdict = nodes.Max(n => n.StepLastVerdictTicks);
        var span = Math.Max(elapsed.TotalSeconds, lastVerdict > 0 ? Stopwatch.GetElapsedTime(nodes.Min(n => n.StepStartTicks), lastVerdict).TotalSeconds : 0);
        var latencies = nodes.SelectMany(n => n.StepLatenciesMs).Order().ToArray();
        return new StepResult(answered / span, Percentile(latencies, 0.50), Percentile(latencies, 0.99), sent - answered, latencies.Length);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public async ValueTask DisposeAsync()
    {
        foreach (var n in nodes)
        {
            await n.DisposeAsync();
        }
    }
}
