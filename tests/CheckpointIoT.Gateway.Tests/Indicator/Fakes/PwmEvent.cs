namespace CheckpointIoT.Gateway.Tests.Indicator.Fakes;

/// <summary>A start (<see cref="Running"/> true) or stop seen by <see cref="RecordingPwmChannel"/>.</summary>
public readonly record struct PwmEvent(long AtMs, bool Running, int FrequencyHz, double DutyCycle)
{
    public override string ToString() => $"{AtMs}ms pwm {(Running ? "start" : "stop")} {FrequencyHz} Hz";
}
