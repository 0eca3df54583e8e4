using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CheckpointIoT.Gateway.Metrics;

/// <summary>Serves the registry as a Prometheus scrape target.</summary>
public static class MetricsEndpointRouteBuilderExtensions
{
    /// <summary>GET <paramref name="path"/> → the <see cref="MetricsRegistry"/> from DI (register it with AddGatewayMetrics), text/plain; version=0.0.4.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var registry = endpoints.ServiceProvider.GetService<MetricsRegistry>()
            ?? throw new InvalidOperationException("MapMetrics needs a MetricsRegistry service: call services.AddGatewayMetrics() first");

        // Rendered to a string first: Kestrel forbids synchronous writes to the response body.
        return endpoints.MapGet(path, () => Results.Text(registry.Render(), PrometheusText.ContentType))
            .ExcludeFromDescription();
    }
}
