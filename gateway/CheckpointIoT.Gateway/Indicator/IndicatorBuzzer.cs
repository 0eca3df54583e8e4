using System.Device.Pwm;
using System.Globalization;
using Iot.Device.Buzzer;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// The buzzer as a tone: an <see cref="Buzzer"/> (Iot.Device.Bindings) on a <see cref="PwmChannel"/>.
/// A hardware channel is opened once and started/stopped for each beep. A software channel
/// (<c>SoftwarePwmChannel</c>) is created for each beep and disposed after it: its thread spins while the
/// channel exists, even stopped, and disposing it is what leaves the line low.
/// </summary>
public sealed class IndicatorBuzzer : IDisposable
{
    private readonly Func<PwmChannel>? _openPerBeep;
    private readonly int _frequencyHz;
    private Buzzer? _buzzer;
    private bool _on;
    private bool _disposed;

    private IndicatorBuzzer(Buzzer? buzzer, Func<PwmChannel>? openPerBeep, int frequencyHz, int? line, string description)
    {
        _buzzer = buzzer;
        _openPerBeep = openPerBeep;
        _frequencyHz = frequencyHz;
        Line = line;
        Description = description + " " + frequencyHz.ToString(CultureInfo.InvariantCulture) + " Hz";
    }

    /// <summary>The GPIO line a software channel toggles (the output claims it, low, at start); null for hardware PWM.</summary>
    public int? Line { get; }

    /// <summary>E.g. "pwm pwmchip0/0 2000 Hz" or "software PWM on line 18 2000 Hz".</summary>
    public string Description { get; }

    /// <summary>A hardware (or any long-lived) channel; the buzzer owns it and silences it now.</summary>
    public static IndicatorBuzzer OnChannel(PwmChannel channel, int frequencyHz, string description = "pwm")
    {
        ArgumentNullException.ThrowIfNull(channel);
        CheckFrequency(frequencyHz);
        var buzzer = new Buzzer(channel);
        buzzer.StopPlaying();
        return new IndicatorBuzzer(buzzer, null, frequencyHz, null, description);
    }

    /// <summary>A channel opened by <paramref name="openChannel"/> at each beep and disposed when it ends.</summary>
    public static IndicatorBuzzer PerBeep(Func<PwmChannel> openChannel, int frequencyHz, int line)
    {
        ArgumentNullException.ThrowIfNull(openChannel);
        CheckFrequency(frequencyHz);
        return new IndicatorBuzzer(
            null, openChannel, frequencyHz, line, "software PWM on line " + line.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Starts or stops the tone; repeating the current level does nothing.</summary>
    public void Set(bool on)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (on == _on)
        {
            return;
        }

        if (on)
        {
            if (_openPerBeep is not null)
            {
                var buzzer = new Buzzer(_openPerBeep());
                try
                {
                    buzzer.StartPlaying(_frequencyHz);
                }
                catch
                {
                    buzzer.Dispose();
                    throw;
                }

                _buzzer = buzzer;
            }
            else
            {
                _buzzer!.StartPlaying(_frequencyHz);
            }
        }
        else if (_openPerBeep is not null)
        {
            var buzzer = _buzzer;
            _buzzer = null;
            buzzer?.Dispose();
        }
        else
        {
            _buzzer!.StopPlaying();
        }

        _on = on;
    }

    private static void CheckFrequency(int frequencyHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frequencyHz, GpioIndicatorOptions.MinFrequencyHz);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frequencyHz, GpioIndicatorOptions.MaxFrequencyHz);
    }

    /// <summary>Stops the tone and releases the channel.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_on && _openPerBeep is null)
        {
            _buzzer?.StopPlaying();
        }

        _buzzer?.Dispose();
        _buzzer = null;
    }
}
