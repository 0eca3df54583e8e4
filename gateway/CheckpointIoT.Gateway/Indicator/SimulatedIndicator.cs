using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// The indicator without hardware (development machines, CI, a Pi without LEDs): the same patterns and
/// timing as the GPIO one, logged, with the state and a bounded history for the dashboard.
/// </summary>
public sealed class SimulatedIndicator : IObservableIndicator, IDisposable
{
    private readonly IndicatorPlayer _player;

    public SimulatedIndicator(
        ILogger logger,
        IReadOnlyDictionary<IndicatorPattern, IndicatorSequence>? patterns = null,
        int historyCapacity = 64)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _player = new IndicatorPlayer(new LoggingIndicatorOutput(logger), logger, "simulated", patterns, historyCapacity);
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

    public void Dispose() => _player.Dispose();
}
