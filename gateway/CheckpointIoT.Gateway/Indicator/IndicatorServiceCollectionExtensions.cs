using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Indicator;

/// <summary>DI wiring: binds Gateway:Indicator, registers one indicator as IObservableIndicator and IIndicator.</summary>
public static class IndicatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GpioIndicatorOptions"/> (validated now, so a bad key fails at start) and a
    /// singleton indicator built by <see cref="IndicatorFactory"/> on first use; the container disposes it.
    /// </summary>
    public static IServiceCollection AddIndicator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new GpioIndicatorOptions();
        configuration.GetSection(GpioIndicatorOptions.SectionName).Bind(options);
        options.Validate();
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => IndicatorFactory.Create(
            sp.GetRequiredService<GpioIndicatorOptions>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("CheckpointIoT.Gateway.Indicator")));
        services.TryAddSingleton<IIndicator>(sp => sp.GetRequiredService<IObservableIndicator>());
        return services;
    }
}
