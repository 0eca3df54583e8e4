namespace CheckpointIoT.Gateway.Indicator;

/// <summary>The logical output levels (true = on, whatever the wiring polarity) and the pattern that set them.</summary>
public readonly record struct IndicatorState(IndicatorPattern Pattern, bool Green, bool Red, bool Buzzer)
{
    /// <summary>Everything off, idle.</summary>
    public static IndicatorState Off => new(IndicatorPattern.Idle, false, false, false);

    public override string ToString() =>
        $"{Pattern}: green={(Green ? "on" : "off")} red={(Red ? "on" : "off")} buzzer={(Buzzer ? "on" : "off")}";
}
