using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CheckpointIoT.Gateway.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>Registers a singleton <see cref="MetricsRegistry"/> and <see cref="GatewayMetrics"/>.</summary>
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MetricsRegistry>();
        services.TryAddSingleton<GatewayMetrics>();
        return services;
    }
}
