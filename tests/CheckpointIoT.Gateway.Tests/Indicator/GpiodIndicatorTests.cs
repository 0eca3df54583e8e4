using System.Runtime.InteropServices;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Tests.Indicator.Fakes;

namespace CheckpointIoT.Gateway.Tests.Indicator;

/// <summary>
/// Runs against the real libgpiod.so.2 (Debian libgpiod2). This machine has no GPIO chip (and no
/// gpio-mockup/gpio-sim kernel modules), so driving real lines is verified on a Pi only; these tests
/// cover the library binding and every "cannot start" path.
/// </summary>
public class GpiodIndicatorTests
{
    private const string MissingChip = "gpiochip977";

    [Fact]
    public void Version_InstalledLibgpiod2_IsTheV1Api()
    {
        var version = LibGpiod.Version();

        Assert.Matches(@"^1\.\d+", version);
    }

    [Fact]
    public void ChipOpen_MissingDevice_ReturnsInvalidHandleWithEnoent()
    {
        using var chip = LibGpiod.ChipOpen("/dev/" + MissingChip);
        var errno = Marshal.GetLastPInvokeError();

        Assert.True(chip.IsInvalid);
        Assert.Equal(2, errno);
    }

    [Fact]
    public void Constructor_NoChip_ThrowsNotARaspberryPiError()
    {
        var options = new GpioIndicatorOptions { Mode = IndicatorMode.Gpio, Chip = MissingChip };

        var ex = Assert.Throws<GpioUnavailableException>(() => new GpiodIndicator(options, new RecordingLogger()));

        Assert.Equal(
            $"no GPIO chip /dev/{MissingChip}: not a Raspberry Pi? set Gateway:Indicator:Mode=simulated",
            ex.Message);
    }

    [Fact]
    public void Constructor_DeviceThatIsNotAGpioChip_ThrowsCannotOpen()
    {
        var options = new GpioIndicatorOptions { Chip = "/dev/null" };

        var ex = Assert.Throws<GpioUnavailableException>(() => new GpiodIndicator(options, new RecordingLogger()));

        Assert.StartsWith("cannot open GPIO chip /dev/null: ", ex.Message);
        Assert.Contains("errno", ex.Message);
    }

    [Fact]
    public void Constructor_BadOption_ThrowsNamingTheKeyBeforeTouchingHardware()
    {
        var options = new GpioIndicatorOptions { Chip = MissingChip, RedLine = -1 };

        var ex = Assert.Throws<GatewayConfigException>(() => new GpiodIndicator(options, new RecordingLogger()));

        Assert.Equal("Gateway:Indicator:RedLine", ex.Key);
    }

    [Fact]
    public void EnsureLibrary_LibraryMissing_SaysInstallLibgpiod2()
    {
        var ex = Assert.Throws<GpioUnavailableException>(() => GpiodOutput.EnsureLibrary("libgpiod-checkpoint-missing.so.9"));

        Assert.Contains("install libgpiod2", ex.Message);
    }

    [Fact]
    public void EnsureLibrary_InstalledLibrary_Loads()
    {
        GpiodOutput.EnsureLibrary(LibGpiod.Library);
    }
}
