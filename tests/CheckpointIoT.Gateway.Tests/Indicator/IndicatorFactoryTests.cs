using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Indicator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CheckpointIoT.Gateway.Tests.Indicator;

public class IndicatorFactoryTests
{
    private const string MissingChip = "gpiochip977";

    [Fact]
    public void Create_Simulated_ReturnsSimulatedIndicator()
    {
        using var indicator = (IDisposable)IndicatorFactory.Create(
            new GpioIndicatorOptions { Mode = IndicatorMode.Simulated }, new FakeLogger());

        Assert.IsType<SimulatedIndicator>(indicator);
    }

    [Fact]
    public void Create_AutoWithoutChip_FallsBackToSimulatedWithWarning()
    {
        var logger = new FakeLogger();

        using var indicator = (IDisposable)IndicatorFactory.Create(
            new GpioIndicatorOptions { Mode = IndicatorMode.Auto, Chip = MissingChip }, logger);

        Assert.IsType<SimulatedIndicator>(indicator);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning);
        Assert.Contains($"/dev/{MissingChip}", warning.Message);
        Assert.Contains("Gateway:Indicator:Mode", warning.Message);
    }

    [Fact]
    public void Create_GpioWithoutChip_ThrowsClearError()
    {
        var ex = Assert.Throws<GpioUnavailableException>(() => IndicatorFactory.Create(
            new GpioIndicatorOptions { Mode = IndicatorMode.Gpio, Chip = MissingChip }, new FakeLogger()));

        Assert.Contains("set Gateway:Indicator:Mode=simulated", ex.Message);
    }

    [Fact]
    public void Create_ChipThatIsNotAGpioChip_FailsNamingTheKeyBeforeTouchingHardware()
    {
        var ex = Assert.Throws<GatewayConfigException>(() => IndicatorFactory.Create(
            new GpioIndicatorOptions { Mode = IndicatorMode.Auto, Chip = "/dev/null" }, new FakeLogger()));

        Assert.Equal("Gateway:Indicator:Chip", ex.Key);
    }

    [Fact]
    public void Create_GpioWithABadDriverName_FailsNamingTheKey()
    {
        var ex = Assert.Throws<GatewayConfigException>(() => IndicatorFactory.Create(
            new GpioIndicatorOptions { Mode = IndicatorMode.Gpio, Driver = "sysfs" }, new FakeLogger()));

        Assert.Equal("Gateway:Indicator:Driver", ex.Key);
        Assert.Contains("auto, libgpiod-v1 or libgpiod-v2", ex.Message);
    }

    [Fact]
    public void AddIndicator_ConfigSection_BindsAndResolvesOneIndicator()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:Indicator:Mode"] = "simulated",
                ["Gateway:Indicator:GreenLine"] = "5",
                ["Gateway:Indicator:ActiveLow"] = "true",
                ["Gateway:Indicator:Driver"] = "libgpiod-v2",
                ["Gateway:Indicator:BuzzerMode"] = "on-off",
                ["Gateway:Indicator:BuzzerFrequencyHz"] = "3100",
            })
            .Build();
        var services = new ServiceCollection().AddLogging().AddIndicator(configuration);

        using (var provider = services.BuildServiceProvider())
        {
            var options = provider.GetRequiredService<GpioIndicatorOptions>();
            var indicator = provider.GetRequiredService<IIndicator>();

            Assert.Equal((5, true), (options.GreenLine, options.ActiveLow));
            Assert.Equal((GpioDriverChoice.LibgpiodV2, BuzzerMode.OnOff, 3100), (options.DriverChoice, options.BuzzerModeChoice, options.BuzzerFrequencyHz));
            Assert.Same(provider.GetRequiredService<IObservableIndicator>(), indicator);
            Assert.IsType<SimulatedIndicator>(indicator);
        }
    }

    [Fact]
    public void AddIndicator_BadLine_FailsAtRegistrationNamingTheKey()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:Indicator:BuzzerLine"] = "17" })
            .Build();

        var ex = Assert.Throws<GatewayConfigException>(() => new ServiceCollection().AddIndicator(configuration));

        Assert.Equal("Gateway:Indicator:BuzzerLine", ex.Key);
    }
}
