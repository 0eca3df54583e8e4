using System.Device.Gpio;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// Drives the LEDs through a <see cref="GpioController"/> and the buzzer through an <see cref="IndicatorBuzzer"/>
/// (or, without one, as an on-off line), dotnet/iot binding style: the bus comes in the constructor, so tests pass a
/// controller on a recording <see cref="GpioDriver"/>. Only the outputs that change are written. Opening checks each
/// line against the chip's line count and requests it as an output at its "off" level; a failure is a
/// <see cref="GpioUnavailableException"/> that names the key.
/// </summary>
public sealed class GpioIndicatorOutput : IIndicatorOutput, IDisposable
{
    private readonly GpioController _controller;
    private readonly IndicatorBuzzer? _buzzer;
    private readonly int _green;
    private readonly int _red;
    private readonly int _buzzerLine;
    private readonly bool _activeLow;
    private readonly bool?[] _written = new bool?[3];
    private bool _disposed;

    /// <param name="controller">The GPIO bus (owned from now on, also when this constructor throws).</param>
    /// <param name="options">Lines, polarity and the chip path for messages; validated here.</param>
    /// <param name="buzzer">A PWM tone (owned likewise), or null to switch <see cref="GpioIndicatorOptions.BuzzerLine"/> on and off.</param>
    /// <param name="description">Shown by the dashboard, e.g. "gpio /dev/gpiochip0 ... (libgpiod-v1, buzzer pwm ...)".</param>
    public GpioIndicatorOutput(GpioController controller, GpioIndicatorOptions options, IndicatorBuzzer? buzzer, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        _controller = controller;
        _buzzer = buzzer;
        try
        {
            ArgumentNullException.ThrowIfNull(options);
            options.Validate();
            _green = options.GreenLine;
            _red = options.RedLine;
            _buzzerLine = options.BuzzerLine;
            _activeLow = options.ActiveLow;
            Description = description ?? "gpio " + options;
            var lineCount = controller.PinCount;
            Open(options, nameof(options.GreenLine), _green, lineCount, Level(false));
            Open(options, nameof(options.RedLine), _red, lineCount, Level(false));
            if (buzzer is null)
            {
                Open(options, nameof(options.BuzzerLine), _buzzerLine, lineCount, Level(false));
            }
            else if (buzzer.Line is int line)
            {
                // Software PWM: claim the line now (a busy line fails at start, not at the first beep) and hold it low.
                Open(options, nameof(options.BuzzerLine), line, lineCount, PinValue.Low);
            }
        }
        catch
        {
            buzzer?.Dispose();
            controller.Dispose();
            throw;
        }
    }

    public string Description { get; }

    public void Write(IndicatorState state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Set(0, state.Green, on => _controller.Write(_green, Level(on)));
        Set(1, state.Red, on => _controller.Write(_red, Level(on)));
        Set(2, state.Buzzer, on =>
        {
            if (_buzzer is null)
            {
                _controller.Write(_buzzerLine, Level(on));
            }
            else
            {
                _buzzer.Set(on);
            }
        });
    }

    /// <summary>Silences the buzzer, releases the PWM channel, closes the lines and the driver (the player switches the LEDs off first).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _buzzer?.Dispose();
        }
        finally
        {
            _controller.Dispose();
        }
    }

    public override string ToString() => Description;

    private PinValue Level(bool on) => on != _activeLow ? PinValue.High : PinValue.Low;

    private void Set(int index, bool on, Action<bool> write)
    {
        if (_written[index] == on)
        {
            return;
        }

        // Unknown until the write succeeds: a failed write is retried at the next change.
        _written[index] = null;
        write(on);
        _written[index] = on;
    }

    private void Open(GpioIndicatorOptions options, string property, int offset, int lineCount, PinValue initial)
    {
        var key = GpioIndicatorOptions.Key(property);
        if (offset >= lineCount)
        {
            throw new GpioUnavailableException(
                $"{key}={offset} is not a line of {options.ChipPath}, which has {lineCount} lines (0..{lineCount - 1})");
        }

        try
        {
            _controller.OpenPin(offset, PinMode.Output, initial);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            throw new GpioUnavailableException(
                IsBusy(ex)
                    ? $"{key}={offset}: line {offset} on {options.ChipPath} is busy (another program or a device-tree overlay holds it; see gpioinfo)"
                    : $"{key}={offset}: cannot request line {offset} on {options.ChipPath} as output: {ex.Message}",
                ex);
        }
    }

    // The libgpiod drivers report errno in the message ("..., error: 16 (Device or resource busy)").
    private static bool IsBusy(Exception ex) =>
        ex.Message.Contains("error: 16", StringComparison.Ordinal) || ex.Message.Contains("busy", StringComparison.OrdinalIgnoreCase);
}
