using CheckpointIoT.Gateway.Tests.Fakes;
using CheckpointIoT.Gateway.Upload;

namespace CheckpointIoT.Gateway.Tests.Upload;

public sealed class CircuitBreakerTests
{
    private readonly SteppedTimeProvider _clock = new(new DateTimeOffset(2025, 11, 22, 1, 0, 0, TimeSpan.Zero));

    private CircuitBreaker Breaker() => new(3, TimeSpan.FromSeconds(30), _clock);

    [Fact]
    public void RecordFailure_BelowThreshold_StaysClosed()
    {
        var b = Breaker();
        b.RecordFailure();
        b.RecordFailure();
        Assert.Equal(CircuitState.Closed, b.State);
        Assert.True(b.TryAcquire(out _));
    }

    [Fact]
    public void RecordSuccess_ResetsTheFailureCount()
    {
        var b = Breaker();
        b.RecordFailure();
        b.RecordFailure();
        b.RecordSuccess();
        b.RecordFailure();
        b.RecordFailure();
        Assert.Equal(CircuitState.Closed, b.State);
    }

    [Fact]
    public void RecordFailure_AtThreshold_OpensAndRefusesCallsForTheOpenPeriod()
    {
        var b = Breaker();
        for (var i = 0; i < 3; i++)
        {
            b.RecordFailure();
        }
        Assert.Equal(CircuitState.Open, b.State);
        Assert.False(b.TryAcquire(out var wait));
        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(b.TryAcquire(out wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        Assert.Equal(1, b.OpenCount);
    }

    [Fact]
    public void OpenPeriodOver_HalfOpen_AllowsExactlyOneProbe()
    {
        var b = Breaker();
        for (var i = 0; i < 3; i++)
        {
            b.RecordFailure();
        }
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CircuitState.HalfOpen, b.State);
        Assert.True(b.TryAcquire(out _));
        Assert.False(b.TryAcquire(out _));
        b.Release();
        Assert.True(b.TryAcquire(out _));
    }

    [Fact]
    public void HalfOpenProbeSucceeds_Closes()
    {
        var b = Breaker();
        for (var i = 0; i < 3; i++)
        {
            b.RecordFailure();
        }
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(b.TryAcquire(out _));
        b.RecordSuccess();
        Assert.Equal(CircuitState.Closed, b.State);
        Assert.Equal(0, b.ConsecutiveFailures);
    }

    [Fact]
    public void HalfOpenProbeFails_ReopensForAFullPeriod()
    {
        var b = Breaker();
        for (var i = 0; i < 3; i++)
        {
            b.RecordFailure();
        }
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(b.TryAcquire(out _));
        b.RecordFailure();
        Assert.Equal(CircuitState.Open, b.State);
        Assert.Equal(TimeSpan.FromSeconds(30), b.RemainingOpenTime);
        Assert.Equal(2, b.OpenCount);
    }

    [Fact]
    public void StateChanged_FullCycle_ReportsEveryTransitionInOrder()
    {
        var b = Breaker();
        var seen = new List<(CircuitState, CircuitState)>();
        b.StateChanged += (from, to) => seen.Add((from, to));
        for (var i = 0; i < 3; i++)
        {
            b.RecordFailure();
        }
        _clock.Advance(TimeSpan.FromSeconds(30));
        b.TryAcquire(out _);
        b.RecordFailure();
        _clock.Advance(TimeSpan.FromSeconds(30));
        b.TryAcquire(out _);
        b.RecordSuccess();
        Assert.Equal(
            [
                (CircuitState.Closed, CircuitState.Open),
                (CircuitState.Open, CircuitState.HalfOpen),
                (CircuitState.HalfOpen, CircuitState.Open),
                (CircuitState.Open, CircuitState.HalfOpen),
                (CircuitState.HalfOpen, CircuitState.Closed),
            ], seen);
    }
}
