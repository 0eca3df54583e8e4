namespace CheckpointIoT.Gateway.Indicator;

/// <summary>An indicator whose outputs the dashboard can watch, whatever drives them.</summary>
public interface IObservableIndicator : IIndicator
{
    /// <summary>What the outputs show right now.</summary>
    IndicatorState Current { get; }

    /// <summary>Short human description, e.g. "gpio /dev/gpiochip0 green=17 red=27 buzzer=22" or "simulated".</summary>
    string Description { get; }

    /// <summary>Raised on the player thread after each output change; keep handlers short.</summary>
    event EventHandler<IndicatorStateChange>? StateChanged;

    /// <summary>The most recent changes, oldest first (bounded).</summary>
    IReadOnlyList<IndicatorStateChange> GetHistory();
}
