using System.Device.Gpio;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Tests.Indicator.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CheckpointIoT.Gateway.Tests.Indicator;

/// <summary>
/// The start-up checks of the real hardware path. This machine has no GPIO chip (and no gpio-mockup/gpio-sim
/// modules) and no PWM chip, so driving real lines is checked on a Pi; these tests cover every "cannot start" path
/// that can be reached here.
/// </summary>
public class GpioIndicatorHardwareTests
{
    private const string MissingChip = "gpiochip977";

    [Fact]
    public void Open_NoChip_ThrowsNotARaspberryPiError()
    {
        var options = new GpioIndicatorOptions { Mode = IndicatorMode.Gpio, Chip = MissingChip };

        var ex = Assert.Throws<GpioUnavailableException>(() => new GpioIndicator(options, new FakeLogger()));

        Assert.Equal($"no GPIO chip /dev/{MissingChip}: not a Raspberry Pi? set Gateway:Indicator:Mode=simulated", ex.Message);
    }

    [Fact]
    public void Open_BadOption_ThrowsNamingTheKeyBeforeTouchingHardware()
    {
        var options = new GpioIndicatorOptions { Chip = MissingChip, BuzzerMode = "beeper" };

        var ex = Assert.Throws<GatewayConfigException>(() => GpioIndicatorHardware.Open(options, new FakeLogger()));

        Assert.Equal("Gateway:Indicator:BuzzerMode", ex.Key);
    }

    [Fact]
    public void CheckChipAccess_MissingDevice_SaysCannotOpen()
    {
        var ex = Assert.Throws<GpioUnavailableException>(() => GpioIndicatorHardware.CheckChipAccess("/dev/" + MissingChip));

        Assert.StartsWith($"cannot open GPIO chip /dev/{MissingChip}: ", ex.Message);
    }

    [Fact]
    public void OpenBuzzer_AutoWithoutPwmChip_FallsBackToSoftwarePwmWithWarning()
    {
        var logger = new FakeLogger();
        var driver = new RecordingGpioDriver();
        using var controller = new GpioController(driver);

        using var buzzer = GpioIndicatorHardware.OpenBuzzer(new GpioIndicatorOptions(), logger, controller, _ => false);

        Assert.NotNull(buzzer);
        Assert.Equal(18, buzzer.Line);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("/sys/class/pwm/pwmchip0", warning.Message);
        Assert.Contains("dtoverlay=pwm,pin=18,func=2", warning.Message);
    }

    [Fact]
    public void OpenBuzzer_PwmWithoutPwmChip_ThrowsWithTheOverlayLine()
    {
        using var controller = new GpioController(new RecordingGpioDriver());
        var options = new GpioIndicatorOptions { BuzzerMode = "pwm", BuzzerPwmChip = 2 };

        var ex = Assert.Throws<GpioUnavailableException>(() => GpioIndicatorHardware.OpenBuzzer(options, new FakeLogger(), controller, _ => false));

        Assert.StartsWith("no PWM chip /sys/class/pwm/pwmchip2: add dtoverlay=pwm,pin=18,func=2 to /boot/firmware/config.txt", ex.Message);
        Assert.Contains("Gateway:Indicator:BuzzerMode=software", ex.Message);
    }

    [Fact]
    public void OpenBuzzer_PwmChipThatTheKernelDoesNotHave_ThrowsNamingTheChannelKey()
    {
        // Claims the chip exists, so the real sysfs PwmChannel is asked and fails.
        using var controller = new GpioController(new RecordingGpioDriver());
        var options = new GpioIndicatorOptions { BuzzerMode = "pwm", BuzzerPwmChip = 63 };

        var ex = Assert.Throws<GpioUnavailableException>(() => GpioIndicatorHardware.OpenBuzzer(options, new FakeLogger(), controller, _ => true));

        Assert.StartsWith("Gateway:Indicator:BuzzerPwmChannel=0: cannot open PWM channel 0 of /sys/class/pwm/pwmchip63", ex.Message);
    }

    [Fact]
    public void OpenBuzzer_OnOff_IsNoToneBuzzer()
    {
        using var controller = new GpioController(new RecordingGpioDriver());

        var buzzer = GpioIndicatorHardware.OpenBuzzer(new GpioIndicatorOptions { BuzzerMode = "on-off" }, new FakeLogger(), controller, _ => true);

        Assert.Null(buzzer);
    }
}
