using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Upload;

/// <summary>The retry delays (the Polly retry's DelayGenerator): equal jitter, Retry-After as a floor.</summary>
public sealed class UploadBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(15);

    private static UploadBackoff Backoff(int seed) => new(Base, Max, MaxRetryAfter, UploadBackoff.Seeded(seed));

    [Theory]
    [InlineData(UploadErrorKind.Network)]
    [InlineData(UploadErrorKind.Timeout)]
    [InlineData(UploadErrorKind.ServerError)]
    [InlineData(UploadErrorKind.Throttled)]
    [InlineData(UploadErrorKind.Unavailable)]
    public void DelayFor_TransientError_WithinEqualJitterOfExponentialBackoff(UploadErrorKind kind)
    {
        var backoff = Backoff(1);
        var error = new UploadError(kind, null, null, "x");
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var expected = TimeSpan.FromTicks(Math.Min(Max.Ticks, Base.Ticks * (1L << Math.Min(attempt - 1, 30))));
            for (var i = 0; i < 50; i++)
            {
                var delay = backoff.DelayFor(attempt, error);
                Assert.NotNull(delay);
                Assert.InRange(delay.Value, expected / 2, expected);
            }
        }
    }

    [Fact]
    public void DelayFor_ManyAttempts_JitterActuallySpreadsTheDelays()
    {
        var backoff = Backoff(2);
        var delays = Enumerable.Range(0, 200).Select(_ => backoff.DelayFor(5, new UploadError(UploadErrorKind.Network, null, null, "x"))!.Value).ToList();
        Assert.True(delays.Distinct().Count() > 150);
        Assert.True(delays.Min() < TimeSpan.FromSeconds(9) && delays.Max() > TimeSpan.FromSeconds(15));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(3, 2)]
    [InlineData(9, 7)]
    public void DelayFor_RetryAfter_IsAFloorWithAtMostTenPercentExtra(int attempt, int retryAfterSeconds)
    {
        var backoff = Backoff(3);
        var ra = TimeSpan.FromSeconds(retryAfterSeconds);
        var plain = backoff.Backoff(attempt);
        for (var i = 0; i < 100; i++)
        {
            var delay = backoff.DelayFor(attempt, new UploadError(UploadErrorKind.Unavailable, 503, ra, "busy"))!.Value;
            Assert.True(delay >= ra, $"delay {delay} shorter than Retry-After {ra}");
            Assert.True(delay <= (plain > ra ? plain : ra) + ra * 0.1, $"delay {delay} too long");
        }
    }

    [Fact]
    public void DelayFor_RetryAfterBeyondCap_IsCapped()
    {
        var delay = Backoff(4).DelayFor(1, new UploadError(UploadErrorKind.Throttled, 429, TimeSpan.FromDays(1), "x"));
        Assert.InRange(delay!.Value, MaxRetryAfter, MaxRetryAfter * 1.1);
    }

    [Theory]
    [InlineData(UploadErrorKind.BadRequest)]
    [InlineData(UploadErrorKind.PayloadTooLarge)]
    public void DelayFor_PermanentError_IsNotRetried(UploadErrorKind kind) =>
        Assert.Null(Backoff(5).DelayFor(1, new UploadError(kind, 400, null, "x")));

    [Theory]
    [InlineData(UploadErrorKind.Unauthorized)]
    [InlineData(UploadErrorKind.NotFound)]
    public void DelayFor_ConfigurationError_RetriesSlowlyAtMaxDelay(UploadErrorKind kind) =>
        Assert.InRange(Backoff(6).DelayFor(1, new UploadError(kind, 401, null, "x"))!.Value, Max / 2, Max);

    [Fact]
    public void Backoff_HugeAttempt_CappedAtMaxDelay() => Assert.Equal(Max, Backoff(7).Backoff(int.MaxValue));

    [Fact]
    public void Constructor_MaxBelowBase_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new UploadBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), MaxRetryAfter));
}
