using CheckpointIoT.Gateway.Upload;
using Microsoft.Extensions.Time.Testing;

namespace CheckpointIoT.Gateway.Tests.Upload;

public sealed class UploaderStateMachineTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 22, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Transitions_OutageCycle_ReportsEveryChangeInOrder()
    {
        var m = new UploaderStateMachine(_clock);
        var seen = new List<(UploaderState, UploaderState)>();
        m.StateChanged += (from, to) => seen.Add((from, to));

        m.Start();
        m.BeginSend();
        m.Failed();
        m.BeginSend();
        m.Blocked();
        m.Blocked(); // refused again while open: no change
        m.BeginSend(); // half-open probe
        m.Answered();
        m.Stop();

        Assert.Equal(
            [
                (UploaderState.Stopped, UploaderState.Idle),
                (UploaderState.Idle, UploaderState.Sending),
                (UploaderState.Sending, UploaderState.BackingOff),
                (UploaderState.BackingOff, UploaderState.Sending),
                (UploaderState.Sending, UploaderState.CircuitOpen),
                (UploaderState.CircuitOpen, UploaderState.Sending),
                (UploaderState.Sending, UploaderState.Idle),
                (UploaderState.Idle, UploaderState.Stopped),
            ], seen);
        Assert.Equal(8, m.Transitions);
    }

    [Fact]
    public void Failed_WhileIdle_IsRefusedAsABug()
    {
        var m = new UploaderStateMachine(_clock);
        m.Start();
        var ex = Assert.Throws<InvalidOperationException>(m.Failed);
        Assert.Contains("Idle -> BackingOff", ex.Message);
        Assert.Equal(UploaderState.Idle, m.State);
    }

    [Fact]
    public void Since_MovesWithEachTransition()
    {
        var m = new UploaderStateMachine(_clock);
        m.Start();
        _clock.Advance(TimeSpan.FromSeconds(7));
        m.BeginSend();
        Assert.Equal(_clock.GetUtcNow(), m.Since);
    }
}
