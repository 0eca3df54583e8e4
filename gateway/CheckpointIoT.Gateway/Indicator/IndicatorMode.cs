namespace CheckpointIoT.Gateway.Indicator;

/// <summary>Which indicator <see cref="IndicatorFactory"/> builds (config key Gateway:Indicator:Mode).</summary>
public enum IndicatorMode
{
    /// <summary>GPIO when the configured chip exists, otherwise simulated (with a warning).</summary>
    Auto = 0,

    /// <summary>GPIO through System.Device.Gpio (libgpiod); start fails with a clear error when it cannot.</summary>
    Gpio = 1,

    /// <summary>No hardware: logs and keeps the state for the dashboard.</summary>
    Simulated = 2,
}
