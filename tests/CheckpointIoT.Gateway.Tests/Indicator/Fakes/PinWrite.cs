namespace CheckpointIoT.Gateway.Tests.Indicator.Fakes;

/// <summary>One write seen by <see cref="RecordingGpioDriver"/>: when (ms on its clock), which line, which level.</summary>
public readonly record struct PinWrite(long AtMs, int Pin, bool High)
{
    public override string ToString() => $"{AtMs}ms {Pin}={(High ? "high" : "low")}";
}
