using CheckpointIoT.Gateway.Indicator;

namespace CheckpointIoT.Gateway.Tests.Indicator.Fakes;

/// <summary>Fault injection: throws on the first <c>failures</c> writes, then records like <see cref="RecordingIndicatorOutput"/>.</summary>
public sealed class FailingIndicatorOutput : IIndicatorOutput
{
    private int _failuresLeft;

    public FailingIndicatorOutput(int failures)
    {
        _failuresLeft = failures;
    }

    public RecordingIndicatorOutput Recorder { get; } = new();

    public int Attempts { get; private set; }

    public void Write(IndicatorState state)
    {
        Attempts++;
        if (_failuresLeft > 0)
        {
            _failuresLeft--;
            throw new IOException("injected GPIO write failure");
        }

        Recorder.Write(state);
    }
}
