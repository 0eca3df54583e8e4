namespace CheckpointIoT.Gateway.Indicator;

/// <summary>One output change as the dashboard sees it: when, and the new state.</summary>
public sealed record IndicatorStateChange(DateTimeOffset At, IndicatorState State);
