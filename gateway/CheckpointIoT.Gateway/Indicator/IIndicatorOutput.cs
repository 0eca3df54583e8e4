namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// The hardware seam: sets the three outputs. Called only from the player thread, one call per change.
/// Implementations: <see cref="GpioIndicatorOutput"/> (System.Device.Gpio), the simulated logger, test fakes.
/// </summary>
public interface IIndicatorOutput
{
    /// <summary>Drives the LEDs and buzzer to <paramref name="state"/> (logical levels; polarity is the output's business).</summary>
    void Write(IndicatorState state);
}
