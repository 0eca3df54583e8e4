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
        Assert.Equal((17, 27, 22), (options.GreenLine, options.RedLine, options.BuzzerLine));
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
