using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Indicator;

namespace CheckpointIoT.Gateway.Tests.Indicator;

public class GpioIndicatorOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        var options = new GpioIndicatorOptions();

        options.Validate();

        Assert.Equal("/dev/gpiochip0", options.ChipPath);
        Assert.Equal((17, 27, 18), (options.GreenLine, options.RedLine, options.BuzzerLine));
        Assert.Equal((GpioDriverChoice.Auto, BuzzerMode.Auto), (options.DriverChoice, options.BuzzerModeChoice));
        Assert.Equal((0, 0, 2000), (options.BuzzerPwmChip, options.BuzzerPwmChannel, options.BuzzerFrequencyHz));
        Assert.Equal("/sys/class/pwm/pwmchip0", options.PwmChipPath);
    }

    [Theory]
    [InlineData("auto", GpioDriverChoice.Auto)]
    [InlineData("libgpiod-v1", GpioDriverChoice.LibgpiodV1)]
    [InlineData("LIBGPIOD-V2", GpioDriverChoice.LibgpiodV2)]
    public void DriverChoice_ConfigSpelling_Parses(string text, GpioDriverChoice expected)
    {
        var options = new GpioIndicatorOptions { Driver = text };

        options.Validate();

        Assert.Equal(expected, options.DriverChoice);
    }

    [Theory]
    [InlineData("pwm", BuzzerMode.Pwm)]
    [InlineData("software", BuzzerMode.Software)]
    [InlineData("On-Off", BuzzerMode.OnOff)]
    public void BuzzerModeChoice_ConfigSpelling_Parses(string text, BuzzerMode expected)
    {
        var options = new GpioIndicatorOptions { BuzzerMode = text };

        options.Validate();

        Assert.Equal(expected, options.BuzzerModeChoice);
    }

    [Theory]
    [InlineData("Driver", "libgpiod")]
    [InlineData("Driver", "")]
    [InlineData("BuzzerMode", "hardware")]
    public void Validate_UnknownName_NamesTheKeyAndTheChoices(string property, string value)
    {
        var options = new GpioIndicatorOptions();
        typeof(GpioIndicatorOptions).GetProperty(property)!.SetValue(options, value);

        var ex = Assert.Throws<GatewayConfigException>(options.Validate);

        Assert.Equal("Gateway:Indicator:" + property, ex.Key);
        Assert.Contains("must be auto, ", ex.Message);
    }

    [Theory]
    [InlineData("BuzzerFrequencyHz", 0)]
    [InlineData("BuzzerFrequencyHz", 25_000)]
    [InlineData("BuzzerPwmChip", -1)]
    [InlineData("BuzzerPwmChannel", 64)]
    public void Validate_BuzzerNumberOutOfRange_NamesTheKey(string property, int value)
    {
        var options = new GpioIndicatorOptions();
        typeof(GpioIndicatorOptions).GetProperty(property)!.SetValue(options, value);

        var ex = Assert.Throws<GatewayConfigException>(options.Validate);

        Assert.Equal("Gateway:Indicator:" + property, ex.Key);
        Assert.Contains($"(got {value})", ex.Message);
    }

    [Theory]
    [InlineData("gpiochip0", 0)]
    [InlineData("gpiochip4", 4)]
    [InlineData("/dev/gpiochip12", 12)]
    public void ChipNumber_NameOrPath_IsTheNumberTheDriverOpens(string chip, int expected)
    {
        Assert.Equal(expected, new GpioIndicatorOptions { Chip = chip }.ChipNumber);
    }

    [Theory]
    [InlineData("GreenLine", -1)]
    [InlineData("RedLine", -5)]
    [InlineData("BuzzerLine", 5000)]
    public void Validate_LineOutOfRange_NamesTheKey(string property, int value)
    {
        var options = new GpioIndicatorOptions();
        typeof(GpioIndicatorOptions).GetProperty(property)!.SetValue(options, value);

        var ex = Assert.Throws<GatewayConfigException>(options.Validate);

        Assert.Equal("Gateway:Indicator:" + property, ex.Key);
        Assert.StartsWith("Gateway:Indicator:" + property + ": ", ex.Message);
    }

    [Fact]
    public void Validate_BuzzerOnTheRedLine_NamesBothKeys()
    {
        var options = new GpioIndicatorOptions { BuzzerLine = 27 };

        var ex = Assert.Throws<GatewayConfigException>(options.Validate);

        Assert.Equal("Gateway:Indicator:BuzzerLine", ex.Key);
        Assert.Contains("Gateway:Indicator:RedLine", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("gpio chip0")]
    [InlineData("dev/gpiochip0")]
    [InlineData("/dev/null")]
    [InlineData("gpiochip")]
    [InlineData("gpiochipA")]
    [InlineData("/sys/class/gpio/gpiochip0")]
    public void Validate_BadChip_NamesTheKey(string chip)
    {
        var options = new GpioIndicatorOptions { Chip = chip };

        var ex = Assert.Throws<GatewayConfigException>(options.Validate);

        Assert.Equal("Gateway:Indicator:Chip", ex.Key);
    }

    [Fact]
    public void Validate_UndefinedMode_NamesTheKey()
    {
        var options = new GpioIndicatorOptions { Mode = (IndicatorMode)9 };

        var ex = Assert.Throws<GatewayConfigException>(options.Validate);

        Assert.Equal("Gateway:Indicator:Mode", ex.Key);
    }

    [Theory]
    [InlineData("gpiochip4", "/dev/gpiochip4")]
    [InlineData("/dev/gpiochip0", "/dev/gpiochip0")]
    public void ChipPath_NameOrPath_ResolvesUnderDev(string chip, string expected)
    {
        Assert.Equal(expected, new GpioIndicatorOptions { Chip = chip }.ChipPath);
    }
}
