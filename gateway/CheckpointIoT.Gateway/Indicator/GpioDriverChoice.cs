namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// Which System.Device.Gpio driver opens the chip (config key Gateway:Indicator:Driver). Chosen here, never by
/// System.Device.Gpio's own detection, which picks the wrong one on a Pi 5.
/// </summary>
public enum GpioDriverChoice
{
    /// <summary>"auto": libgpiod v2 when libgpiod.so.3 loads, else libgpiod v1 when libgpiod.so.2 loads, else a clear error.</summary>
    Auto = 0,

    /// <summary>"libgpiod-v1": <c>LibGpiodDriver</c> on libgpiod.so.2 (Debian/Raspberry Pi OS bookworm, package libgpiod2).</summary>
    LibgpiodV1 = 1,

    /// <summary>"libgpiod-v2": <c>LibGpiodV2Driver</c> on libgpiod.so.3 (Debian trixie, package libgpiod3).</summary>
    LibgpiodV2 = 2,
}
