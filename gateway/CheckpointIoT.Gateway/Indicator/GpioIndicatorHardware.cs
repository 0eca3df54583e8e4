using System.Device.Gpio;
using System.Device.Pwm;
using System.Device.Pwm.Drivers;
using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// Opens the real hardware for <see cref="GpioIndicator"/>, checking in order: the chip device exists, the chosen
/// libgpiod library loads (<see cref="GpioDriverSelector"/>), the chip opens (permissions), then, in
/// <see cref="GpioIndicatorOutput"/>, each line exists and is free; the buzzer's PWM chip exists and can be
/// written. Every failure is a <see cref="GpioUnavailableException"/> that says what to do.
/// </summary>
public static class GpioIndicatorHardware
{
    /// <summary>Duty cycle of a PWM beep: a square wave, the loudest for a passive buzzer.</summary>
    public const double BuzzerDutyCycle = 0.5;

    /// <param name="options">Validated here.</param>
    /// <param name="logger">Warns when auto falls back to software PWM.</param>
    /// <param name="libraryLoads">Whether a shared library loads; null for the real check.</param>
    /// <param name="pwmChipExists">Whether a sysfs PWM chip directory exists; null for the real check.</param>
    public static GpioIndicatorOutput Open(
        GpioIndicatorOptions options,
        ILogger logger,
        Func<string, bool>? libraryLoads = null,
        Func<string, bool>? pwmChipExists = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        var chipPath = options.ChipPath;
        if (!GpioIndicator.ChipExists(options))
        {
            throw new GpioUnavailableException(
                $"no GPIO chip {chipPath}: not a Raspberry Pi? set {GpioIndicatorOptions.Key(nameof(GpioIndicatorOptions.Mode))}=simulated");
        }

        var driverChoice = GpioDriverSelector.Resolve(options.DriverChoice, libraryLoads ?? GpioDriverSelector.LibraryLoads);
        CheckChipAccess(chipPath);
        GpioDriver driver;
        try
        {
            driver = GpioDriverSelector.Create(driverChoice, options.ChipNumber);
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or DllNotFoundException or InvalidOperationException)
        {
            throw new GpioUnavailableException(
                $"cannot open GPIO chip {chipPath} with {GpioIndicatorOptions.NameOf(driverChoice)}: {ex.Message}", ex);
        }

        var controller = new GpioController(driver);
        IndicatorBuzzer? buzzer;
        try
        {
            buzzer = OpenBuzzer(options, logger, controller, pwmChipExists ?? Directory.Exists);
        }
        catch
        {
            controller.Dispose();
            throw;
        }

        var description = $"gpio {options} ({GpioIndicatorOptions.NameOf(driverChoice)}, buzzer {buzzer?.Description ?? "on-off"})";
        return new GpioIndicatorOutput(controller, options, buzzer, description);
    }

    /// <summary>Opens the chip device for writing once, so "permission denied" is reported as such (drivers only say "cannot open").</summary>
    internal static void CheckChipAccess(string chipPath)
    {
        try
        {
            using var handle = File.OpenHandle(chipPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GpioUnavailableException(
                $"permission denied opening {chipPath}: run the gateway as a user in the 'gpio' group", ex);
        }
        catch (IOException ex)
        {
            throw new GpioUnavailableException($"cannot open GPIO chip {chipPath}: {ex.Message}", ex);
        }
    }

    internal static IndicatorBuzzer? OpenBuzzer(GpioIndicatorOptions options, ILogger logger, GpioController controller, Func<string, bool> pwmChipExists)
    {
        var mode = options.BuzzerModeChoice;
        if (mode == BuzzerMode.Auto)
        {
            mode = pwmChipExists(options.PwmChipPath) ? BuzzerMode.Pwm : BuzzerMode.Software;
            if (mode == BuzzerMode.Software)
            {
                logger.LogWarning(
                    "no PWM chip {PwmChip}: the buzzer uses software PWM on line {Line} (add dtoverlay=pwm,pin=18,func=2 to /boot/firmware/config.txt for hardware PWM; set {Key}=on-off for an active buzzer)",
                    options.PwmChipPath,
                    options.BuzzerLine,
                    GpioIndicatorOptions.Key(nameof(GpioIndicatorOptions.BuzzerMode)));
            }
        }

        var frequency = options.BuzzerFrequencyHz;
        return mode switch
        {
            BuzzerMode.Pwm => IndicatorBuzzer.OnChannel(OpenPwmChannel(options, pwmChipExists), frequency, $"pwm pwmchip{options.BuzzerPwmChip}/{options.BuzzerPwmChannel}"),
            BuzzerMode.Software => IndicatorBuzzer.PerBeep(
                () => new SoftwarePwmChannel(options.BuzzerLine, frequency, BuzzerDutyCycle, usePrecisionTimer: false, controller, shouldDispose: false),
                frequency,
                options.BuzzerLine),
            _ => null,
        };
    }

    private static PwmChannel OpenPwmChannel(GpioIndicatorOptions options, Func<string, bool> pwmChipExists)
    {
        var chipPath = options.PwmChipPath;
        var modeKey = GpioIndicatorOptions.Key(nameof(GpioIndicatorOptions.BuzzerMode));
        if (!pwmChipExists(chipPath))
        {
            throw new GpioUnavailableException(
                $"no PWM chip {chipPath}: add dtoverlay=pwm,pin=18,func=2 to /boot/firmware/config.txt and reboot (see the indicator README), or set {modeKey}=software");
        }

        try
        {
            return PwmChannel.Create(options.BuzzerPwmChip, options.BuzzerPwmChannel, options.BuzzerFrequencyHz, BuzzerDutyCycle);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new GpioUnavailableException(
                $"permission denied on {chipPath}: install the udev rule from the indicator README (group 'gpio' may write /sys/class/pwm), or set {modeKey}=software", ex);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            throw new GpioUnavailableException(
                $"{GpioIndicatorOptions.Key(nameof(GpioIndicatorOptions.BuzzerPwmChannel))}={options.BuzzerPwmChannel}: cannot open PWM channel {options.BuzzerPwmChannel} of {chipPath}: {ex.Message}", ex);
        }
    }
}
