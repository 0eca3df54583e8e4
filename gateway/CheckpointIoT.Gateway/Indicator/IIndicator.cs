namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// The gateway's local LED/buzzer indicator. <see cref="Show"/> never blocks: it hands the pattern
/// to a player thread and returns; a newer pattern pre-empts the one that is playing.
/// </summary>
public interface IIndicator
{
    /// <summary>Starts <paramref name="pattern"/> now, cutting short whatever is playing.</summary>
    void Show(IndicatorPattern pattern);
}
