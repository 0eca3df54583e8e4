using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>The real indicator: a <see cref="GpioIndicatorOutput"/> played by an <see cref="IndicatorPlayer"/>.</summary>
public sealed class GpioIndicator : IObservableIndicator, IDisposable
{
    private readonly GpioIndicatorOutput _output;
    private readonly IndicatorPlayer _player;

    /// <summary>Opens the hardware the options describe (<see cref="GpioIndicatorHardware.Open"/>).</summary>
    /// <exception cref="CheckpointIoT.Gateway.Configuration.GatewayConfigException">A bad option (names the key).</exception>
    /// <exception cref="GpioUnavailableException">No chip, no libgpiod, no permission, a busy line, no PWM chip.</exception>
    public GpioIndicator(GpioIndicatorOptions options, ILogger logger)
        : this(GpioIndicatorHardware.Open(options, logger), logger)
    {
        logger.LogInformation("indicator on {Description}", _output.Description);
    }

    /// <summary>Plays on <paramref name="output"/>, which this indicator owns from now on.</summary>
    public GpioIndicator(
        GpioIndicatorOutput output,
        ILogger logger,
        IReadOnlyDictionary<IndicatorPattern, IndicatorSequence>? patterns = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        try
        {
            ArgumentNullException.ThrowIfNull(logger);
            _player = new IndicatorPlayer(output, logger, output.Description, patterns, timeProvider: timeProvider);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    public event EventHandler<IndicatorStateChange>? StateChanged
    {
        add => _player.StateChanged += value;
        remove => _player.StateChanged -= value;
    }

    public IndicatorState Current => _player.Current;

    public string Description => _player.Description;

    /// <summary>True when the configured chip device exists (the "auto" mode test).</summary>
    public static bool ChipExists(GpioIndicatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return File.Exists(options.ChipPath);
    }

    public void Show(IndicatorPattern pattern) => _player.Show(pattern);

    public IReadOnlyList<IndicatorStateChange> GetHistory() => _player.GetHistory();

    /// <summary>Switches everything off (the player's last write), then releases the buzzer, the lines and the driver.</summary>
    public void Dispose()
    {
        _player.Dispose();
        _output.Dispose();
    }
}
