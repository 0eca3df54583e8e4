using System.Device.Gpio;
using System.Device.Pwm.Drivers;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Tests.Indicator.Fakes;

namespace CheckpointIoT.Gateway.Tests.Indicator;

public class IndicatorBuzzerTests
{
    [Fact]
    public void OnChannel_Built_StopsTheChannelAndKeepsItBetweenBeeps()
    {
        var pwm = new RecordingPwmChannel();
        using var buzzer = IndicatorBuzzer.OnChannel(pwm, 3000);

        buzzer.Set(true);
        buzzer.Set(true);
        buzzer.Set(false);
        buzzer.Set(true);

        Assert.Equal([false, true, false, true], pwm.Events.Select(e => e.Running));
        Assert.All(pwm.Events.Skip(1).Where(e => e.Running), e => Assert.Equal(3000, e.FrequencyHz));
        Assert.False(pwm.Disposed);
        Assert.Equal("pwm 3000 Hz", buzzer.Description);
    }

    [Fact]
    public void Dispose_WhileBeeping_StopsAndDisposesTheChannel()
    {
        var pwm = new RecordingPwmChannel();
        var buzzer = IndicatorBuzzer.OnChannel(pwm, 2000);
        buzzer.Set(true);

        buzzer.Dispose();

        Assert.False(pwm.Running);
        Assert.True(pwm.Disposed);
        Assert.Throws<ObjectDisposedException>(() => buzzer.Set(true));
    }

    [Fact]
    public void PerBeep_SoftwarePwm_TogglesTheLineWhileOnAndLeavesItLowWithNoThreadAfter()
    {
        var driver = new RecordingGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(18, PinMode.Output, PinValue.Low);
        var channels = 0;
        using var buzzer = IndicatorBuzzer.PerBeep(
            () =>
            {
                channels++;
                return new SoftwarePwmChannel(18, 500, 0.5, false, controller, shouldDispose: false);
            },
            500,
            18);

        buzzer.Set(true);
        driver.WaitUntil(w => w.Count(x => x.High) >= 5 && w.Count(x => !x.High) >= 5);
        buzzer.Set(false);
        var afterBeep = driver.Writes;
        Thread.Sleep(50);

        Assert.False(afterBeep[^1].High, "the line ends low");
        Assert.Equal(afterBeep.Count, driver.Writes.Count);
        Assert.All(afterBeep, w => Assert.Equal(18, w.Pin));
        Assert.Equal(1, channels);
        Assert.True(controller.IsPinOpen(18), "the line stays claimed between beeps");
    }

    [Fact]
    public void PerBeep_OpenFails_ThrowsAndStaysSilentSoTheNextBeepRetries()
    {
        var attempts = 0;
        var pwm = new RecordingPwmChannel();
        using var buzzer = IndicatorBuzzer.PerBeep(
            () => ++attempts == 1 ? throw new IOException("injected") : pwm,
            1000,
            18);

        Assert.Throws<IOException>(() => buzzer.Set(true));
        buzzer.Set(true);
        buzzer.Set(false);

        Assert.Equal(2, attempts);
        Assert.True(pwm.Disposed, "a per-beep channel is disposed when the beep ends");
        Assert.Equal([true], pwm.Events.Select(e => e.Running));
    }

    [Theory]
    [InlineData(19)]
    [InlineData(20_001)]
    public void OnChannel_FrequencyOutOfRange_Throws(int frequency)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IndicatorBuzzer.OnChannel(new RecordingPwmChannel(), frequency));
    }
}
