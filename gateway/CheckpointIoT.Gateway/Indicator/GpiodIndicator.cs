using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>The real indicator: LEDs and buzzer on GPIO lines through libgpiod, played by an <see cref="IndicatorPlayer"/>.</summary>
public sealed class GpiodIndicator : IObservableIndicator, IDisposable
{
    private readonly GpiodOutput _output;
    private readonly IndicatorPlayer _player;

    /// <exception cref="CheckpointIoT.Gateway.Configuration.GatewayConfigException">A bad option (names the key).</exception>
    /// <exception cref="GpioUnavailableException">No chip, no libgpiod2, no permission or a busy line.</exception>
    public GpiodIndicator(GpioIndicatorOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _output = new GpiodOutput(options);
        try
        {
            _player = new IndicatorPlayer(_output, logger, "gpio " + options);
        }
        catch
        {
            _output.Dispose();
            throw;
        }

        logger.LogInformation("indicator on {Options} (libgpiod {Version})", options.ToString(), LibGpiod.Version());
    }

    public event EventHandler<IndicatorStateChange>? StateChanged
    {
        add => _player.StateChanged += value;
        remove => _player.StateChanged -= value;
    }

    public IndicatorState Current => _player.Current;

    public string Description => _player.Description;

    public void Show(IndicatorPattern pattern) => _player.Show(pattern);

    public IReadOnlyList<IndicatorStateChange> GetHistory() => _player.GetHistory();

    public void Dispose()
    {
        _player.Dispose();
        _output.Dispose();
    }
}
