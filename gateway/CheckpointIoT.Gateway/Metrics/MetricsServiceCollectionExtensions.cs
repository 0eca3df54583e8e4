using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace CheckpointIoT.Gateway.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway's own prometheus-net <see cref="CollectorRegistry"/> (a new one per host, never the static
    /// default) and <see cref="GatewayMetrics"/>. With <paramref name="processMetrics"/> the registry also carries
    /// prometheus-net's process_* / dotnet_* collectors (<see cref="DotNetStats"/>: CPU, memory, GC, threads).
    /// </summary>
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services, bool processMetrics = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            if (processMetrics)
            {
                DotNetStats.Register(registry);
            }
            return registry;
        });
        services.TryAddSingleton(sp => new GatewayMetrics(sp.GetRequiredService<CollectorRegistry>()));
        return services;
    }
}
