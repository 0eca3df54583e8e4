using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Runtime.InteropServices;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>
/// Picks the libgpiod driver explicitly. System.Device.Gpio's own detection (<c>new GpioController()</c>) is not
/// used: on a Pi 5 it picks a driver for the wrong chip. The v1 and v2 APIs live in different sonames, so the choice
/// is made by which library loads: libgpiod.so.2 (libgpiod 1.x, API v1: bookworm's libgpiod2) or libgpiod.so.3
/// (libgpiod 2.x, API v2: trixie's libgpiod3).
/// </summary>
public static class GpioDriverSelector
{
    /// <summary>The soname of libgpiod 1.x (API v1), which <see cref="LibGpiodDriver"/> binds to.</summary>
    public const string V1Library = "libgpiod.so.2";

    /// <summary>The soname of libgpiod 2.x (API v2), which <see cref="LibGpiodV2Driver"/> binds to.</summary>
    public const string V2Library = "libgpiod.so.3";

    /// <summary>
    /// Turns the configured choice into libgpiod v1 or v2, checking that its library loads.
    /// auto prefers v2 (a system with libgpiod.so.3 has the newer kernel interface) and falls back to v1.
    /// </summary>
    /// <param name="configured">The parsed Gateway:Indicator:Driver.</param>
    /// <param name="libraryLoads">Whether a shared library loads (<see cref="LibraryLoads"/>; tests pass their own).</param>
    /// <exception cref="GpioUnavailableException">The library for the choice (or, for auto, both) is missing.</exception>
    public static GpioDriverChoice Resolve(GpioDriverChoice configured, Func<string, bool> libraryLoads)
    {
        ArgumentNullException.ThrowIfNull(libraryLoads);
        var key = GpioIndicatorOptions.Key(nameof(GpioIndicatorOptions.Driver));
        var simulated = $"{GpioIndicatorOptions.Key(nameof(GpioIndicatorOptions.Mode))}=simulated";
        switch (configured)
        {
            case GpioDriverChoice.LibgpiodV1:
                return libraryLoads(V1Library)
                    ? GpioDriverChoice.LibgpiodV1
                    : throw new GpioUnavailableException(
                        $"{V1Library} not found: install libgpiod2 (sudo apt-get install libgpiod2), set {key}=libgpiod-v2 where libgpiod3 is installed, or set {simulated}");
            case GpioDriverChoice.LibgpiodV2:
                return libraryLoads(V2Library)
                    ? GpioDriverChoice.LibgpiodV2
                    : throw new GpioUnavailableException(
                        $"{V2Library} not found: install libgpiod3 (sudo apt-get install libgpiod3, Debian trixie), set {key}=libgpiod-v1 on bookworm, or set {simulated}");
            case GpioDriverChoice.Auto:
                if (libraryLoads(V2Library))
                {
                    return GpioDriverChoice.LibgpiodV2;
                }

                return libraryLoads(V1Library)
                    ? GpioDriverChoice.LibgpiodV1
                    : throw new GpioUnavailableException(
                        $"neither {V2Library} nor {V1Library} found: install libgpiod2 (bookworm: sudo apt-get install libgpiod2) or libgpiod3 (trixie), or set {simulated}");
            default:
                throw new ArgumentOutOfRangeException(nameof(configured), configured, "unknown driver choice");
        }
    }

    /// <summary>True when <paramref name="library"/> can be loaded by the process (the library is then released again).</summary>
    public static bool LibraryLoads(string library)
    {
        if (!NativeLibrary.TryLoad(library, typeof(GpioDriverSelector).Assembly, null, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>Opens gpiochip<paramref name="chipNumber"/> with the resolved driver (v1 or v2, never auto).</summary>
    public static GpioDriver Create(GpioDriverChoice resolved, int chipNumber) => resolved switch
    {
        GpioDriverChoice.LibgpiodV1 => new LibGpiodDriver(chipNumber),
#pragma warning disable SDGPIO0001 // LibGpiodV2Driver is marked experimental; it is the one that speaks libgpiod.so.3.
        GpioDriverChoice.LibgpiodV2 => new LibGpiodV2Driver(chipNumber),
#pragma warning restore SDGPIO0001
        _ => throw new ArgumentOutOfRangeException(nameof(resolved), resolved, "resolve the choice first (auto is not a driver)"),
    };
}
