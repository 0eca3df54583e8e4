using System.Device.Gpio.Drivers;
using CheckpointIoT.Gateway.Indicator;

namespace CheckpointIoT.Gateway.Tests.Indicator;

public class GpioDriverSelectorTests
{
    private static readonly Func<string, bool> OnlyV1 = lib => lib == GpioDriverSelector.V1Library;
    private static readonly Func<string, bool> OnlyV2 = lib => lib == GpioDriverSelector.V2Library;
    private static readonly Func<string, bool> Both = _ => true;
    private static readonly Func<string, bool> Neither = _ => false;

    [Fact]
    public void Resolve_AutoWithLibgpiodSo3_PicksV2()
    {
        Assert.Equal(GpioDriverChoice.LibgpiodV2, GpioDriverSelector.Resolve(GpioDriverChoice.Auto, Both));
        Assert.Equal(GpioDriverChoice.LibgpiodV2, GpioDriverSelector.Resolve(GpioDriverChoice.Auto, OnlyV2));
    }

    [Fact]
    public void Resolve_AutoWithOnlyLibgpiodSo2_PicksV1()
    {
        Assert.Equal(GpioDriverChoice.LibgpiodV1, GpioDriverSelector.Resolve(GpioDriverChoice.Auto, OnlyV1));
    }

    [Fact]
    public void Resolve_ExplicitV1WhereBothLoad_KeepsV1()
    {
        Assert.Equal(GpioDriverChoice.LibgpiodV1, GpioDriverSelector.Resolve(GpioDriverChoice.LibgpiodV1, Both));
    }

    [Fact]
    public void Resolve_AutoWithNeither_SaysWhatToInstall()
    {
        var ex = Assert.Throws<GpioUnavailableException>(() => GpioDriverSelector.Resolve(GpioDriverChoice.Auto, Neither));

        Assert.StartsWith("neither libgpiod.so.3 nor libgpiod.so.2 found: install libgpiod2", ex.Message);
        Assert.Contains("Gateway:Indicator:Mode=simulated", ex.Message);
    }

    [Fact]
    public void Resolve_V1Missing_SaysInstallLibgpiod2()
    {
        var ex = Assert.Throws<GpioUnavailableException>(() => GpioDriverSelector.Resolve(GpioDriverChoice.LibgpiodV1, OnlyV2));

        Assert.StartsWith("libgpiod.so.2 not found: install libgpiod2 (sudo apt-get install libgpiod2)", ex.Message);
        Assert.Contains("Gateway:Indicator:Driver=libgpiod-v2", ex.Message);
    }

    [Fact]
    public void Resolve_V2Missing_SaysInstallLibgpiod3()
    {
        var ex = Assert.Throws<GpioUnavailableException>(() => GpioDriverSelector.Resolve(GpioDriverChoice.LibgpiodV2, OnlyV1));

        Assert.StartsWith("libgpiod.so.3 not found: install libgpiod3", ex.Message);
        Assert.Contains("Gateway:Indicator:Driver=libgpiod-v1", ex.Message);
    }

    [Fact]
    public void LibraryLoads_InstalledLibgpiod2_IsTrueAndAMissingLibraryFalse()
    {
        // The development machines have Debian's libgpiod2 (libgpiod.so.2), as bookworm Pis do.
        Assert.True(GpioDriverSelector.LibraryLoads(GpioDriverSelector.V1Library));
        Assert.False(GpioDriverSelector.LibraryLoads("libgpiod-checkpoint-missing.so.9"));
    }

    [Fact]
    public void Create_V1OnAMissingChip_IsTheRealLibgpiodDriverReportingTheChip()
    {
        // LibGpiodDriver loads libgpiod.so.2 and asks it for gpiochip977, which does not exist here.
        var ex = Assert.ThrowsAny<IOException>(() => GpioDriverSelector.Create(GpioDriverChoice.LibgpiodV1, 977));

        Assert.Contains("error: 2", ex.Message);
    }

    [Fact]
    public void Create_Auto_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GpioDriverSelector.Create(GpioDriverChoice.Auto, 0));
    }
}
