using Prometheus;

namespace CheckpointIoT.Gateway.Metrics;

/// <summary>
/// A prometheus-net gauge that is either set (<see cref="Set"/>, <see cref="Inc"/>, <see cref="Dec"/>) or
/// <see cref="Track"/>s a callback read at scrape time (a registry before-collect callback; a throwing callback
/// publishes NaN). Once tracked, the callback wins.
/// </summary>
public sealed class ScrapedGauge
{
    private readonly Gauge _gauge;
    private readonly CollectorRegistry _registry;
    private Func<double>? _source;
    private int _hooked;

    internal ScrapedGauge(Gauge gauge, CollectorRegistry registry)
    {
        _gauge = gauge;
        _registry = registry;
    }

    /// <summary>The current value (runs the tracked callback if there is one; its exceptions propagate).</summary>
    public double Value => Volatile.Read(ref _source) is { } source ? source() : _gauge.Value;

    public void Set(double value) => _gauge.Set(value);

    public void Inc(double amount = 1) => _gauge.Inc(amount);

    public void Dec(double amount = 1) => _gauge.Dec(amount);

    /// <summary>Reads <paramref name="source"/> at every scrape from now on.</summary>
    public void Track(Func<double> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Volatile.Write(ref _source, source);
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            _registry.AddBeforeCollectCallback(() => _gauge.Set(ReadOrNaN(Volatile.Read(ref _source)!)));
        }
    }

    internal static double ReadOrNaN(Func<double> source)
    {
        try
        {
            return source();
        }
        catch (Exception)
        {
            return double.NaN;
        }
    }
}
