namespace CheckpointIoT.Gateway.Indicator;

/// <summary>What the indicator shows. Idle and Offline repeat until replaced (background patterns);
/// Pass, Fail and Error play once and then fall back to the last background pattern.</summary>
public enum IndicatorPattern
{
    Idle = 0,
    Pass = 1,
    Fail = 2,
    Error = 3,
    Offline = 4,
}
