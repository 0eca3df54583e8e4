namespace CheckpointIoT.Gateway.Indicator;

/// <summary>One timed step of a pattern: the output levels held for <see cref="DurationMs"/>.</summary>
public readonly record struct IndicatorStep
{
    public IndicatorStep(bool green, bool red, bool buzzer, int durationMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationMs);
        Green = green;
        Red = red;
        Buzzer = buzzer;
        DurationMs = durationMs;
    }

    public bool Green { get; }
    public bool Red { get; }
    public bool Buzzer { get; }
    public int DurationMs { get; }
}
