using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace CheckpointIoT.Gateway.Metrics;

/// <summary>Serves the gateway's registry as a Prometheus scrape target (prometheus-net's exporter).</summary>
public static class MetricsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// GET <paramref name="path"/> → the gateway's <see cref="CollectorRegistry"/> from DI (register it with
    /// AddGatewayMetrics): text/plain; version=0.0.4, or OpenMetrics when the scraper asks for it.
    /// </summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var registry = endpoints.ServiceProvider.GetService<GatewayMetrics>()?.Registry
            ?? throw new InvalidOperationException("MapMetrics needs the gateway's metrics: call services.AddGatewayMetrics() first");
        return MetricServerMiddlewareExtensions.MapMetrics(endpoints, path, registry).ExcludeFromDescription();
    }
}
