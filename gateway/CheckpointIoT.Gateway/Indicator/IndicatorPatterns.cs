namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// The default pattern table (documented in README.md: keep the two in step).
/// Timings are chosen to be told apart by ear without looking: pass = one short beep,
/// fail = three short beeps, error = one long beep.
/// </summary>
public static class IndicatorPatterns
{
    private const bool On = true;
    private const bool Off = false;

    /// <summary>All LEDs and the buzzer off, steady.</summary>
    public static IndicatorSequence Idle { get; } = new(repeat: true, Step(Off, Off, Off, 1000));

    /// <summary>Green 1 s, with one 100 ms beep at the start.</summary>
    public static IndicatorSequence Pass { get; } = new(
        repeat: false,
        Step(On, Off, On, 100),
        Step(On, Off, Off, 900));

    /// <summary>Red 2 s, with three 100 ms beeps 100 ms apart at the start.</summary>
    public static IndicatorSequence Fail { get; } = new(
        repeat: false,
        Step(Off, On, On, 100),
        Step(Off, On, Off, 100),
        Step(Off, On, On, 100),
        Step(Off, On, Off, 100),
        Step(Off, On, On, 100),
        Step(Off, On, Off, 1500));

    /// <summary>Red blinking 250 ms on / 250 ms off for 3 s, with one 1 s beep at the start.</summary>
    public static IndicatorSequence Error { get; } = new(
        repeat: false,
        Step(Off, On, On, 250),
        Step(Off, Off, On, 250),
        Step(Off, On, On, 250),
        Step(Off, Off, On, 250),
        Step(Off, On, Off, 250),
        Step(Off, Off, Off, 250),
        Step(Off, On, Off, 250),
        Step(Off, Off, Off, 250),
        Step(Off, On, Off, 250),
        Step(Off, Off, Off, 250),
        Step(Off, On, Off, 250),
        Step(Off, Off, Off, 250));

    /// <summary>A 100 ms red flash every 2 s, silent, until replaced.</summary>
    public static IndicatorSequence Offline { get; } = new(
        repeat: true,
        Step(Off, On, Off, 100),
        Step(Off, Off, Off, 1900));

    /// <summary>The table the player uses unless given another one.</summary>
    public static IReadOnlyDictionary<IndicatorPattern, IndicatorSequence> Default { get; } =
        new Dictionary<IndicatorPattern, IndicatorSequence>
        {
            [IndicatorPattern.Idle] = Idle,
            [IndicatorPattern.Pass] = Pass,
            [IndicatorPattern.Fail] = Fail,
            [IndicatorPattern.Error] = Error,
            [IndicatorPattern.Offline] = Offline,
        };

    private static IndicatorStep Step(bool green, bool red, bool buzzer, int durationMs) =>
        new(green, red, buzzer, durationMs);
}
