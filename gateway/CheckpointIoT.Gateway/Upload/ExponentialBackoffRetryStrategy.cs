namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// Exponential backoff with "equal jitter": d = min(max, base·2^(attempt-1)); delay = d/2 + random(0, d/2).
/// A server's Retry-After (capped at maxRetryAfter) is a floor: delay = max(retryAfter, backoff) + random(0, 10% of retryAfter),
/// so gateways told the same Retry-After do not come back in the same instant.
/// Configuration errors (401/403/404) wait the maximum delay; BadRequest and PayloadTooLarge are not retried as they are.
/// Transient errors are retried without limit: store-and-forward never gives records up because the link is down;
/// the lag gauge and the disk alarm tell the operator.
/// </summary>
public sealed class ExponentialBackoffRetryStrategy : IRetryStrategy
{
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _maxRetryAfter;
    private readonly Random _random;
    private readonly object _lock = new();

    public ExponentialBackoffRetryStrategy(TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan maxRetryAfter, Random? random = null)
    {
        if (baseDelay <= TimeSpan.Zero || maxDelay < baseDelay || maxRetryAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), "need 0 < baseDelay <= maxDelay and maxRetryAfter > 0");
        }
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _maxRetryAfter = maxRetryAfter;
        _random = random ?? Random.Shared;
    }

    public ExponentialBackoffRetryStrategy(UploaderOptions options, Random? random = null)
        : this(options.RetryBaseDelay, options.RetryMaxDelay, options.MaxRetryAfter, random)
    {
    }

    public TimeSpan BaseDelay => _baseDelay;

    public TimeSpan MaxDelay => _maxDelay;

    public TimeSpan MaxRetryAfter => _maxRetryAfter;

    /// <summary>The un-jittered backoff of an attempt: min(max, base·2^(attempt-1)).</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ticks = Math.Min((double)_maxDelay.Ticks, _baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)ticks);
    }

    public bool ShouldRetry(int attempt, UploadError error, out TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error.Kind)
        {
            case UploadErrorKind.BadRequest:
            case UploadErrorKind.PayloadTooLarge:
                delay = TimeSpan.Zero;
                return false;
            case UploadErrorKind.Unauthorized:
            case UploadErrorKind.NotFound:
                delay = Jitter(_maxDelay);
                return true;
        }
        var jittered = Jitter(Backoff(Math.Max(1, attempt)));
        if (error.RetryAfter is { } ra && ra > TimeSpan.Zero)
        {
            var floor = ra < _maxRetryAfter ? ra : _maxRetryAfter;
            var extra = TimeSpan.FromTicks((long)(floor.Ticks * 0.1 * NextDouble()));
            delay = (jittered > floor ? jittered : floor) + extra;
            return true;
        }
        delay = jittered;
        return true;
    }

    private TimeSpan Jitter(TimeSpan d) => TimeSpan.FromTicks(d.Ticks / 2 + (long)(d.Ticks / 2 * NextDouble()));

    private double NextDouble()
    {
        lock (_lock)
        {
            return _random.NextDouble();
        }
    }
}
