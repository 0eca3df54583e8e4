using System.Device.Gpio;
using System.Device.Pwm.Drivers;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Tests.Indicator.Fakes;

namespace CheckpointIoT.Gateway.Tests.Indicator;

public class GpioIndicatorOutputTests
{
    private static readonly IndicatorState PassBeep = new(IndicatorPattern.Pass, true, false, true);
    private static readonly IndicatorState PassGreen = new(IndicatorPattern.Pass, true, false, false);

    [Fact]
    public void Constructor_PwmBuzzer_OpensTheLedsAsOutputsAtOffAndLeavesTheBuzzerLineAlone()
    {
        var driver = new RecordingGpioDriver();
        using var output = new GpioIndicatorOutput(new GpioController(driver), new GpioIndicatorOptions(), IndicatorBuzzer.OnChannel(new RecordingPwmChannel(), 2000));

        Assert.Contains("mode 17 Output Low", driver.Events);
        Assert.Contains("mode 27 Output Low", driver.Events);
        Assert.DoesNotContain(driver.Events, e => e.EndsWith(" 18", StringComparison.Ordinal) || e.StartsWith("mode 18", StringComparison.Ordinal));
        Assert.Empty(driver.Writes);
    }

    [Fact]
    public void Constructor_SoftwareBuzzer_ClaimsTheBuzzerLineLow()
    {
        var driver = new RecordingGpioDriver();
        var controller = new GpioController(driver);
        var buzzer = IndicatorBuzzer.PerBeep(() => new SoftwarePwmChannel(18, 400, 0.5, false, controller, false), 400, 18);

        using var output = new GpioIndicatorOutput(controller, new GpioIndicatorOptions { ActiveLow = true }, buzzer);

        // Active-low applies to the LEDs, never to a PWM tone: its idle level is low.
        Assert.Contains("mode 18 Output Low", driver.Events);
        Assert.Contains("mode 17 Output High", driver.Events);
    }

    [Fact]
    public void Constructor_LineBeyondTheChip_ThrowsNamingTheKeyAndTheLineCount()
    {
        var driver = new RecordingGpioDriver(pinCount: 54);

        var ex = Assert.Throws<GpioUnavailableException>(() =>
            new GpioIndicatorOutput(new GpioController(driver), new GpioIndicatorOptions { GreenLine = 60 }, null));

        Assert.Equal("Gateway:Indicator:GreenLine=60 is not a line of /dev/gpiochip0, which has 54 lines (0..53)", ex.Message);
        Assert.True(driver.Disposed, "a failed open releases the driver");
    }

    [Fact]
    public void Constructor_BusyLine_ThrowsBusyNamingTheKeyAndReleasesWhatItOpened()
    {
        var driver = new RecordingGpioDriver(busyLines: [27]);
        var pwm = new RecordingPwmChannel();

        var ex = Assert.Throws<GpioUnavailableException>(() =>
            new GpioIndicatorOutput(new GpioController(driver), new GpioIndicatorOptions(), IndicatorBuzzer.OnChannel(pwm, 2000)));

        Assert.StartsWith("Gateway:Indicator:RedLine=27: line 27 on /dev/gpiochip0 is busy", ex.Message);
        Assert.IsType<IOException>(ex.InnerException);
        Assert.True(driver.Disposed);
        Assert.True(pwm.Disposed);
        Assert.Contains("close 17", driver.Events);
    }

    [Fact]
    public void Write_OnlyChangedOutputs_AreWritten()
    {
        var driver = new RecordingGpioDriver();
        var pwm = new RecordingPwmChannel(frequency: 100);
        using var output = new GpioIndicatorOutput(new GpioController(driver), new GpioIndicatorOptions(), IndicatorBuzzer.OnChannel(pwm, 2500));

        output.Write(PassBeep);
        output.Write(PassGreen);
        output.Write(PassGreen);

        Assert.Equal([new PinWrite(0, 17, true) with { AtMs = driver.Writes[0].AtMs }, new PinWrite(0, 27, false) with { AtMs = driver.Writes[1].AtMs }], driver.Writes);
        Assert.Equal([false, true, false], pwm.Events.Select(e => e.Running));
        Assert.Equal(2500, pwm.Events[1].FrequencyHz);
    }

    [Fact]
    public void Write_DriverFails_ThrowsAndRetriesTheLineNextTime()
    {
        var driver = new RecordingGpioDriver();
        using var output = new GpioIndicatorOutput(new GpioController(driver), new GpioIndicatorOptions(), null);
        driver.FailNextWrites(1);

        Assert.Throws<IOException>(() => output.Write(PassBeep));
        output.Write(PassBeep);

        Assert.Equal([(17, true), (27, false), (18, true)], driver.Writes.Select(w => (w.Pin, w.High)));
    }

    [Fact]
    public void Write_AfterDispose_Throws()
    {
        var output = new GpioIndicatorOutput(new GpioController(new RecordingGpioDriver()), new GpioIndicatorOptions(), null);
        output.Dispose();

        Assert.Throws<ObjectDisposedException>(() => output.Write(PassBeep));
    }
}
