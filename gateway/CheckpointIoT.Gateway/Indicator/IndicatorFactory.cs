using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>Builds the indicator the options ask for (Gateway:Indicator:Mode = auto | gpio | simulated).</summary>
public static class IndicatorFactory
{
    /// <summary>
    /// simulated: a <see cref="SimulatedIndicator"/>. gpio: a <see cref="GpioIndicator"/> or a
    /// <see cref="GpioUnavailableException"/>. auto: gpio when the chip device exists (its errors then
    /// propagate: a Pi with a broken GPIO setup should say so), otherwise simulated with a warning.
    /// The result is also <see cref="IDisposable"/>.
    /// </summary>
    public static IObservableIndicator Create(GpioIndicatorOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        switch (options.Mode)
        {
            case IndicatorMode.Simulated:
                return new SimulatedIndicator(logger);
            case IndicatorMode.Gpio:
                return new GpioIndicator(options, logger);
            default:
                if (GpioIndicator.ChipExists(options))
                {
                    return new GpioIndicator(options, logger);
                }

                logger.LogWarning(
                    "no GPIO chip {ChipPath}: the indicator is simulated (set {Key}=gpio to require the hardware, =simulated to silence this)",
                    options.ChipPath,
                    GpioIndicatorOptions.Key(nameof(GpioIndicatorOptions.Mode)));
                return new SimulatedIndicator(logger);
        }
    }
}
