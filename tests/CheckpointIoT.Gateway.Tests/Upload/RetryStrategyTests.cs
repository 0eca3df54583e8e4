using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Upload;

public sealed class RetryStrategyTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(15);

    private static ExponentialBackoffRetryStrategy Strategy(int seed) => new(Base, Max, MaxRetryAfter, new Random(seed));

    [Theory]
    [InlineData(UploadErrorKind.Network)]
    [InlineData(UploadErrorKind.Timeout)]
    [InlineData(UploadErrorKind.ServerError)]
    [InlineData(UploadErrorKind.Throttled)]
    [InlineData(UploadErrorKind.Unavailable)]
    public void ShouldRetry_TransientError_DelayWithinEqualJitterOfExponentialBackoff(UploadErrorKind kind)
    {
        var strategy = Strategy(1);
        var error = new UploadError(kind, null, null, "x");
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var backoff = TimeSpan.FromTicks(Math.Min(Max.Ticks, Base.Ticks * (1L << Math.Min(attempt - 1, 30))));
            for (var i = 0; i < 50; i++)
            {
                Assert.True(strategy.ShouldRetry(attempt, error, out var delay));
                Assert.InRange(delay, backoff / 2, backoff);
            }
        }
    }

    [Fact]
    public void ShouldRetry_ManyAttempts_JitterActuallySpreadsTheDelays()
    {
        var strategy = Strategy(2);
        var delays = Enumerable.Range(0, 200).Select(_ =>
        {
            strategy.ShouldRetry(5, new UploadError(UploadErrorKind.Network, null, null, "x"), out var d);
            return d;
        }).ToList();
        Assert.True(delays.Distinct().Count() > 150);
        Assert.True(delays.Min() < TimeSpan.FromSeconds(9) && delays.Max() > TimeSpan.FromSeconds(15));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(3, 2)]
    [InlineData(9, 7)]
    public void ShouldRetry_RetryAfter_IsAFloorWithAtMostTenPercentExtra(int attempt, int retryAfterSeconds)
    {
        var strategy = Strategy(3);
        var ra = TimeSpan.FromSeconds(retryAfterSeconds);
        var backoff = strategy.Backoff(attempt);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(strategy.ShouldRetry(attempt, new UploadError(UploadErrorKind.Unavailable, 503, ra, "busy"), out var delay));
            Assert.True(delay >= ra, $"delay {delay} shorter than Retry-After {ra}");
            Assert.True(delay <= (backoff > ra ? backoff : ra) + ra * 0.1, $"delay {delay} too long");
        }
    }

    [Fact]
    public void ShouldRetry_RetryAfterBeyondCap_IsCapped()
    {
        var strategy = Strategy(4);
        Assert.True(strategy.ShouldRetry(1, new UploadError(UploadErrorKind.Throttled, 429, TimeSpan.FromDays(1), "x"), out var delay));
        Assert.InRange(delay, MaxRetryAfter, MaxRetryAfter * 1.1);
    }

    [Theory]
    [InlineData(UploadErrorKind.BadRequest)]
    [InlineData(UploadErrorKind.PayloadTooLarge)]
    public void ShouldRetry_PermanentError_IsNotRetried(UploadErrorKind kind)
    {
        Assert.False(Strategy(5).ShouldRetry(1, new UploadError(kind, 400, null, "x"), out var delay));
        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Theory]
    [InlineData(UploadErrorKind.Unauthorized)]
    [InlineData(UploadErrorKind.NotFound)]
    public void ShouldRetry_ConfigurationError_RetriesSlowlyAtMaxDelay(UploadErrorKind kind)
    {
        Assert.True(Strategy(6).ShouldRetry(1, new UploadError(kind, 401, null, "x"), out var delay));
        Assert.InRange(delay, Max / 2, Max);
    }

    [Fact]
    public void Backoff_HugeAttempt_CappedAtMaxDelay() => Assert.Equal(Max, Strategy(7).Backoff(int.MaxValue));

    [Fact]
    public void Constructor_MaxBelowBase_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoffRetryStrategy(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), MaxRetryAfter));
}
