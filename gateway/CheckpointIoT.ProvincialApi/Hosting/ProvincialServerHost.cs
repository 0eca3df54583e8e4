using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CheckpointIoT.ProvincialApi.Hosting;

/// <summary>
/// Runs the reference server in-process on real Kestrel (tests, benchmarks). Use port 0 for a free port:
/// <c>await using var server = await ProvincialServerHost.StartAsync(new() { Urls = "http://127.0.0.1:0", DbPath = path });</c>
/// </summary>
public sealed class ProvincialServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProvincialServerHost(WebApplication app, Uri baseAddress, ProvincialServerOptions options)
    {
        _app = app;
        BaseAddress = baseAddress;
        Options = options;
    }

    /// <summary>The first bound address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    public ProvincialServerOptions Options { get; }

    public static async Task<ProvincialServerHost> StartAsync(ProvincialServerOptions options, TimeProvider? timeProvider = null,
        Action<ILoggingBuilder>? logging = null, CancellationToken ct = default)
    {
        var app = ProvincialServer.Build(options, timeProvider, logging ?? (l => l.SetMinimumLevel(LogLevel.Warning)));
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProvincialServerHost(app, new Uri(address.EndsWith('/') ? address : address + "/"), options);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
