using Prometheus;

namespace CheckpointIoT.Gateway.Metrics;

/// <summary>The gateway's small additions to prometheus-net.</summary>
public static class CollectorRegistryExtensions
{
    /// <summary>A gauge in <paramref name="registry"/> whose value is <paramref name="source"/>() at scrape time (NaN when it throws).</summary>
    public static ScrapedGauge CreateGauge(this CollectorRegistry registry, string name, string help, Func<double> source)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(source);
        var gauge = new ScrapedGauge(Prometheus.Metrics.WithCustomRegistry(registry).CreateGauge(name, help), registry);
        gauge.Track(source);
        return gauge;
    }

    /// <summary>Observes a duration in seconds.</summary>
    public static void Observe(this IHistogram histogram, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        histogram.Observe(duration.TotalSeconds);
    }

    /// <summary>The exposition in the Prometheus text format 0.0.4, as /metrics serves it.</summary>
    public static async Task<string> RenderAsync(this CollectorRegistry registry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, ct);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
