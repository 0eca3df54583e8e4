using CheckpointIoT.Gateway.Indicator;

namespace CheckpointIoT.Gateway.Tests.Indicator.Fakes;

/// <summary>Records every state written, in order, and lets a test wait for a condition on the record.</summary>
public sealed class RecordingIndicatorOutput : IIndicatorOutput
{
    private readonly List<IndicatorState> _writes = [];
    private readonly object _lock = new();

    public IReadOnlyList<IndicatorState> Writes
    {
        get
        {
            lock (_lock)
            {
                return _writes.ToArray();
            }
        }
    }

    public void Write(IndicatorState state)
    {
        lock (_lock)
        {
            _writes.Add(state);
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds on the record; fails the test after a generous timeout.</summary>
    public IReadOnlyList<IndicatorState> WaitUntil(Func<IReadOnlyList<IndicatorState>, bool> condition, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        lock (_lock)
        {
            while (!condition(_writes))
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    Assert.Fail("the indicator output never reached the expected state; writes: " + string.Join(" | ", _writes));
                }

                Monitor.Wait(_lock, (int)left);
            }

            return _writes.ToArray();
        }
    }
}
