namespace CheckpointIoT.Gateway.Metrics;

/// <summary>
/// A value that goes up and down: set it (lock-free, the double kept as 64 bits), or let it
/// <see cref="Track"/> a callback evaluated at scrape time (then the callback wins).
/// </summary>
public sealed class Gauge
{
    private long _bits;
    private Func<double>? _source;

    internal Gauge(Func<double>? source = null)
    {
        _source = source;
    }

    /// <summary>The current value (runs the callback when one is tracked; its exceptions propagate).</summary>
    public double Value
    {
        get
        {
            var source = Volatile.Read(ref _source);
            return source is null ? BitConverter.Int64BitsToDouble(Interlocked.Read(ref _bits)) : source();
        }
    }

    public void Set(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

    public void Inc(double amount = 1)
    {
        long seen, updated;
        do
        {
            seen = Interlocked.Read(ref _bits);
            updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + amount);
        }
        while (Interlocked.CompareExchange(ref _bits, updated, seen) != seen);
    }

    public void Dec(double amount = 1) => Inc(-amount);

    /// <summary>From now on the scraped value is <paramref name="source"/>() (e.g. a count read from the store). Keep it cheap and non-blocking.</summary>
    public void Track(Func<double> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Volatile.Write(ref _source, source);
    }
}
