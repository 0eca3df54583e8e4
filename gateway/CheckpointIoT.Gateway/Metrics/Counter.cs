namespace CheckpointIoT.Gateway.Metrics;

/// <summary>A monotonically increasing count. Lock-free: one interlocked add per call.</summary>
public sealed class Counter
{
    private long _value;

    internal Counter()
    {
    }

    public long Value => Interlocked.Read(ref _value);

    public void Inc() => Interlocked.Increment(ref _value);

    public void Inc(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        Interlocked.Add(ref _value, amount);
    }
}
