using CheckpointIoT.Gateway.Indicator;

namespace CheckpointIoT.Gateway.Tests.Indicator.Fakes;

/// <summary>A stalling output: every write waits until the test opens the gate (a hung GPIO driver, a slow log sink).</summary>
public sealed class BlockingIndicatorOutput : IIndicatorOutput
{
    private readonly ManualResetEventSlim _gate = new(false);

    public ManualResetEventSlim Entered { get; } = new(false);

    public RecordingIndicatorOutput Recorder { get; } = new();

    public void Write(IndicatorState state)
    {
        Entered.Set();
        _gate.Wait();
        Recorder.Write(state);
    }

    public void Open() => _gate.Set();
}
