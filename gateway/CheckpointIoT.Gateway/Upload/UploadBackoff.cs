namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// The retry delay of a failed upload, used as the Polly retry strategy's DelayGenerator (Polly's own jitter is
/// decorrelated, not this): exponential backoff with "equal jitter", d = min(max, base·2^(attempt-1)),
/// delay = d/2 + random(0, d/2). A server's Retry-After (capped at MaxRetryAfter) is a floor:
/// delay = max(retryAfter, jittered backoff) + random(0, 10 % of retryAfter), so gateways told the same Retry-After
/// do not come back in the same instant. Configuration errors (401/403/404) wait about the maximum delay;
/// BadRequest and PayloadTooLarge are not retried as they are (null).
/// </summary>
public sealed class UploadBackoff
{
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _maxRetryAfter;
    private readonly Func<double> _random;

    /// <param name="random">Uniform [0, 1) source, thread-safe; default <see cref="Random.Shared"/>.</param>
    public UploadBackoff(TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan maxRetryAfter, Func<double>? random = null)
    {
        if (baseDelay <= TimeSpan.Zero || maxDelay < baseDelay || maxRetryAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), "need 0 < baseDelay <= maxDelay and maxRetryAfter > 0");
        }
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _maxRetryAfter = maxRetryAfter;
        _random = random ?? Random.Shared.NextDouble;
    }

    public UploadBackoff(UploaderOptions options, Func<double>? random = null)
        : this(options.RetryBaseDelay, options.RetryMaxDelay, options.MaxRetryAfter, random)
    {
    }

    public TimeSpan MaxDelay => _maxDelay;

    /// <summary>A seeded, lock-protected source for reproducible tests.</summary>
    public static Func<double> Seeded(int seed)
    {
        var random = new Random(seed);
        var gate = new object();
        return () =>
        {
            lock (gate)
            {
                return random.NextDouble();
            }
        };
    }

    /// <summary>The un-jittered backoff of an attempt (1-based): min(max, base·2^(attempt-1)).</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ticks = Math.Min((double)_maxDelay.Ticks, _baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// The wait before resending a batch whose <paramref name="attempt"/>-th attempt (1-based) failed with
    /// <paramref name="error"/>; null when the batch must not be sent again as it is.
    /// </summary>
    public TimeSpan? DelayFor(int attempt, UploadError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error.Kind)
        {
            case UploadErrorKind.BadRequest:
            case UploadErrorKind.PayloadTooLarge:
                return null;
            case UploadErrorKind.Unauthorized:
            case UploadErrorKind.NotFound:
                return Jitter(_maxDelay);
        }
        var jittered = Jitter(Backoff(Math.Max(1, attempt)));
        if (error.RetryAfter is { } ra && ra > TimeSpan.Zero)
        {
            var floor = ra < _maxRetryAfter ? ra : _maxRetryAfter;
            var extra = TimeSpan.FromTicks((long)(floor.Ticks * 0.1 * _random()));
            return (jittered > floor ? jittered : floor) + extra;
        }
        return jittered;
    }

    private TimeSpan Jitter(TimeSpan d) => TimeSpan.FromTicks(d.Ticks / 2 + (long)(d.Ticks / 2 * _random()));
}
