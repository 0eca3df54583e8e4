using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Tests.Indicator.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Tests.Indicator;

public class IndicatorFactoryTests
{
    private const string MissingChip = "gpiochip977";

    [Fact]
    public void Create_Simulated_ReturnsSimulatedIndicator()
    {
        using var indicator = (IDisposable)IndicatorFactory.Create(
            new GpioIndicatorOptions { Mode = IndicatorMode.Simulated }, new RecordingLogger());

        Assert.IsType<SimulatedIndicator>(indicator);
    }

    [Fact]
    public void Create_AutoWithoutChip_FallsBackToSimulatedWithWarning()
    {
        var logger = new RecordingLogger();

        using var indicator = (IDisposable)IndicatorFactory.Create(
            new GpioIndicatorOptions { Mode = IndicatorMode.Auto, Chip = MissingChip }, logger);

        Assert.IsType<SimulatedIndicator>(indicator);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains($"/dev/{MissingChip}", warning.Message);
        Assert.Contains("Gateway:Indicator:Mode", warning.Message);
    }

    [Fact]
    public void Create_GpioWithoutChip_ThrowsClearError()
    {
        var ex = Assert.Throws<GpioUnavailableException>(() => IndicatorFactory.Create(
            new GpioIndicatorOptions { Mode = IndicatorMode.Gpio, Chip = MissingChip }, new RecordingLogger()));

        Assert.Contains("set Gateway:Indicator:Mode=simulated", ex.Message);
    }

    [Fact]
    public void Create_AutoWithAChipThatIsNotGpio_PropagatesTheGpioError()
    {
        Assert.Throws<GpioUnavailableException>(() => IndicatorFactory.Create(
            new GpioIndicatorOptions { Mode = IndicatorMode.Auto, Chip = "/dev/null" }, new RecordingLogger()));
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
            })
            .Build();
        var services = new ServiceCollection().AddLogging().AddIndicator(configuration);

        using (var provider = services.BuildServiceProvider())
        {
            var options = provider.GetRequiredService<GpioIndicatorOptions>();
            var indicator = provider.GetRequiredService<IIndicator>();

            Assert.Equal((5, true), (options.GreenLine, options.ActiveLow));
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
