using CheckpointIoT.Gateway.Api;
using CheckpointIoT.Gateway.Broker;
using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Identity;
using CheckpointIoT.Gateway.Indicator;
using CheckpointIoT.Gateway.Ingest;
using CheckpointIoT.Gateway.Metrics;
using CheckpointIoT.Gateway.Outbox;
using CheckpointIoT.Gateway.Policy;
using CheckpointIoT.Gateway.Registry;
using CheckpointIoT.Gateway.Retention;
using CheckpointIoT.Gateway.Storage;
using CheckpointIoT.Gateway.Upload;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;

namespace CheckpointIoT.Gateway.Hosting;

/// <summary>The composition root: builds the gateway's WebApplication (also used in-process by tests and the benchmark).</summary>
public static class GatewayApp
{
    /// <summary>
    /// Builds the host from <paramref name="args"/>. Throws <see cref="GatewayConfigException"/> (or the binder's
    /// InvalidOperationException / an ArgumentException naming the key) for bad configuration.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = GatewayDefaults.AsConfiguration() });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        }

        // Under systemd (Type=notify): READY=1 once started, STOPPING=1 on SIGTERM, and the console logger's "systemd"
        // formatter (<6>-style priority prefixes, no timestamp: journald stamps each line). Outside systemd: no-op.
        builder.Host.UseSystemd();
        if (!SystemdHelpers.IsSystemdService())
        {
            // Not under systemd only: AddSimpleConsole would set the formatter back to "simple" (a second timestamp in the journal).
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz ";
            });
        }
        customize?.Invoke(builder);

        var options = new GatewayOptions();
        builder.Configuration.GetSection(GatewayOptions.SectionName).Bind(options);
        options.Validate();
        var upload = new UploaderOptions();
        builder.Configuration.GetSection("Gateway:Upload").Bind(upload);
        upload.Validate("Gateway:Upload");

        var s = builder.Services;
        s.TryAddSingleton(TimeProvider.System);
        s.AddSingleton(options);
        s.AddSingleton(upload);
        s.AddGatewayMetrics();
        s.AddIndicator(builder.Configuration);
        s.AddSingleton(sp => new GatewayStore(sp.GetRequiredService<GatewayOptions>().DatabasePath));
        s.AddSingleton(_ => IdentityHasher.LoadOrCreate(Path.Combine(Path.GetFullPath(options.DataDirectory), "identity.salt")));
        s.AddSingleton(_ => AdminToken.LoadOrCreate(options.DataDirectory, out var _));
        s.AddSingleton(_ => GatewayCredentials.Load(options));
        s.AddSingleton(sp => new NodeRegistry(sp.GetRequiredService<GatewayStore>(), sp.GetRequiredService<TimeProvider>(), options.Broker.PasswordIterations));
        s.AddSingleton<VerdictPolicy>();
        s.AddSingleton<OccupancyTracker>();
        s.AddSingleton(sp => new RecentPasses(sp.GetRequiredService<VerdictPolicy>().LongestDuplicateWindowMs, IngestProcessor.MaxClockSkewMs));
        s.AddSingleton<DenyList>();
        s.AddSingleton<IngestProcessor>();
        s.AddSingleton<IOutboxStore, SqliteOutboxStore>();

        // Hosted services start in this order (broker first) and stop in reverse (broker last).
        if (options.Broker.Mode == BrokerMode.Embedded)
        {
            s.AddSingleton<EmbeddedBroker>();
            s.AddSingleton<IBrokerEndpoint>(sp => sp.GetRequiredService<EmbeddedBroker>());
            s.AddSingleton<IGatewayMessaging>(sp => sp.GetRequiredService<EmbeddedBroker>());
            s.AddHostedService(sp => sp.GetRequiredService<EmbeddedBroker>());
        }
        else
        {
            s.AddSingleton<Broker.External.ExternalBroker>();
            s.AddSingleton<IBrokerEndpoint>(sp => sp.GetRequiredService<Broker.External.ExternalBroker>());
            s.AddSingleton<IGatewayMessaging>(sp => sp.GetRequiredService<Broker.External.ExternalBroker>());
            s.AddHostedService(sp => sp.GetRequiredService<Broker.External.ExternalBroker>());
        }

        s.AddSingleton<IngestService>();
        s.AddHostedService(sp => sp.GetRequiredService<IngestService>());
        s.AddSingleton<RetentionPurgeService>();
        s.AddHostedService(sp => sp.GetRequiredService<RetentionPurgeService>());
        if (upload.Enabled)
        {
            s.AddSingleton(sp => new ProvincialApiClient(upload, time: sp.GetRequiredService<TimeProvider>()));
            s.AddSingleton(sp => new ProvincialUploader(sp.GetRequiredService<IOutboxStore>(), sp.GetRequiredService<ProvincialApiClient>(), upload,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("CheckpointIoT.Gateway.Upload"), sp.GetRequiredService<TimeProvider>()));
            s.AddSingleton(sp =>
            {
                var denyList = sp.GetRequiredService<DenyList>();
                return new DenyListClient(sp.GetRequiredService<ProvincialApiClient>(), denyList, upload, denyList.Cursor,
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger("CheckpointIoT.Gateway.Upload"),
                    sp.GetRequiredService<ProvincialUploader>().Status, sp.GetRequiredService<TimeProvider>());
            });
        }
        s.AddSingleton(sp => new UploadHostedService(sp.GetService<ProvincialUploader>(), sp.GetService<DenyListClient>(),
            sp.GetRequiredService<ILogger<UploadHostedService>>()));
        s.AddHostedService(sp => sp.GetRequiredService<UploadHostedService>());

        var app = builder.Build();

        // Created now, not on first use: the database is migrated and admin.token / identity.salt exist once started.
        _ = app.Services.GetRequiredService<GatewayStore>();
        _ = app.Services.GetRequiredService<AdminToken>();
        _ = app.Services.GetRequiredService<IdentityHasher>();
        _ = app.Services.GetRequiredService<NodeRegistry>();
        WireMetrics(app.Services);
        app.MapGatewayEndpoints();
        app.MapDashboard();
        app.MapMetrics();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CheckpointIoT.Gateway");
            var broker = app.Services.GetRequiredService<IBrokerEndpoint>();
            log.LogInformation(
                "checkpoint-gateway listening on {Urls}; broker {Host}:{Port} ({Mode}); data in {Dir}; admin token in {TokenFile}",
                string.Join(", ", app.Urls), broker.Host, broker.Port, options.Broker.Mode, Path.GetFullPath(options.DataDirectory),
                Path.Combine(Path.GetFullPath(options.DataDirectory), "admin.token"));
        });
        return app;
    }

    private static void WireMetrics(IServiceProvider sp)
    {
        var metrics = sp.GetRequiredService<GatewayMetrics>();
        var store = sp.GetRequiredService<GatewayStore>();
        var registry = sp.GetRequiredService<NodeRegistry>();
        var ingest = sp.GetRequiredService<IngestService>();
        var time = sp.GetRequiredService<TimeProvider>();
        metrics.OutboxDepth.Track(() => store.CountPendingOutbox());
        metrics.StoreDegraded.Track(() => store.Health.Degraded ? 1 : 0);
        metrics.UploadLag.Track(() => store.OutboxStats().OldestPendingMs is { } oldest
            ? Math.Max(0, (time.GetUtcNow().ToUnixTimeMilliseconds() - oldest) / 1000.0)
            : 0);
        var nodeHealth = sp.GetRequiredService<GatewayOptions>().Nodes;
        metrics.NodesOnline.Track(() => registry.OnlineCount(nodeHealth));
        metrics.Registry.CreateGauge("checkpoint_ingest_queue_depth", "MQTT messages received but not yet processed by ingest.", () => ingest.QueueDepth);
        metrics.Registry.CreateGauge("checkpoint_nodes_enrolled", "Door nodes in the registry.", () => registry.Count);
        if (sp.GetService<ProvincialUploader>() is { } uploader)
        {
            UploaderMetrics.Register(metrics.Registry, uploader);
        }
    }
}
