using System.Net;
using CheckpointIoT.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CheckpointIoT.Gateway.Tests.Metrics;

/// <summary>Real Kestrel on 127.0.0.1 (free port), real HttpClient.</summary>
public class MetricsEndpointTests
{
    [Fact]
    public async Task MapMetrics_Get_ServesExpositionWithPrometheusContentType()
    {
        await using var app = BuildApp(a => a.MapMetrics());
        await app.StartAsync();
        app.Services.GetRequiredService<GatewayMetrics>().IngestMessages.Inc(3);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await client.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contentType = response.Content.Headers.ContentType!;
        Assert.Equal("text/plain", contentType.MediaType);
        Assert.Contains(contentType.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        Assert.Equal(3, ExpositionParser.Parse(body).Value("checkpoint_ingest_messages_total"));
    }

    [Fact]
    public async Task MapMetrics_CustomPath_ServesThereOnly()
    {
        await using var app = BuildApp(a => a.MapMetrics("/internal/prom"));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var custom = await client.GetAsync("/internal/prom");
        using var standard = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, standard.StatusCode);
    }

    [Fact]
    public void MapMetrics_WithoutAddGatewayMetrics_ThrowsClearError()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapMetrics());

        Assert.Contains("AddGatewayMetrics", ex.Message);
    }

    private static WebApplication BuildApp(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddGatewayMetrics();
        var app = builder.Build();
        map(app);
        return app;
    }
}
