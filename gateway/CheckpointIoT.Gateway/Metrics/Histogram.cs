namespace CheckpointIoT.Gateway.Metrics;

/// <summary>
/// Fixed-bucket histogram. <see cref="Observe(double)"/> is lock-free: a binary search, one interlocked
/// increment of the bucket, one compare-exchange loop on the sum. Counts are kept per bucket and made
/// cumulative at scrape time, so _count always equals the +Inf bucket. NaN observations are dropped.
/// </summary>
public sealed class Histogram
{
    private readonly double[] _upperBounds;
    private readonly long[] _counts;
    private long _sumBits;

    internal Histogram(IEnumerable<double> upperBounds)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        var bounds = upperBounds.ToArray();
        if (bounds.Length > 0 && double.IsPositiveInfinity(bounds[^1]))
        {
            bounds = bounds[..^1];
        }

        if (bounds.Length == 0)
        {
            throw new ArgumentException("a histogram needs at least one finite bucket bound", nameof(upperBounds));
        }

        for (var i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
            {
                throw new ArgumentException("bucket bounds must be finite and strictly increasing", nameof(upperBounds));
            }
        }

        _upperBounds = bounds;
        _counts = new long[bounds.Length + 1];
    }

    /// <summary>The finite upper bounds (le); +Inf is implied.</summary>
    public IReadOnlyList<double> UpperBounds => _upperBounds;

    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var index = Array.BinarySearch(_upperBounds, value);
        if (index < 0)
        {
            index = ~index;
        }

        Interlocked.Increment(ref _counts[index]);
        long seen, updated;
        do
        {
            seen = Interlocked.Read(ref _sumBits);
            updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
        }
        while (Interlocked.CompareExchange(ref _sumBits, updated, seen) != seen);
    }

    /// <summary>Observes a duration in seconds.</summary>
    public void Observe(TimeSpan duration) => Observe(duration.TotalSeconds);

    /// <summary>Cumulative counts per bucket, the last one being +Inf (= the count).</summary>
    public long[] GetCumulativeCounts()
    {
        var result = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Interlocked.Read(ref _counts[i]);
            result[i] = running;
        }

        return result;
    }
}
