using CheckpointIoT.ProvincialApi.Endpoints;
using CheckpointIoT.ProvincialApi.Storage;
using Microsoft.AspNetCore.RequestDecompression;
using Microsoft.AspNetCore.ResponseCompression;

namespace CheckpointIoT.ProvincialApi.Hosting;

/// <summary>Composition of the reference server: options → services → endpoints. Used by Program and by in-process hosts.</summary>
public static class ProvincialServer
{
    private static readonly Dictionary<string, string> s_switches = new(StringComparer.Ordinal)
    {
        ["--urls"] = "Provincial:Urls",
        ["--db"] = "Provincial:DbPath",
    };

    /// <summary>Reads options from appsettings.json (optional, working directory), environment variables and the command line.</summary>
    public static ProvincialServerOptions ReadOptions(string[] args)
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args, s_switches)
            .Build();
        var options = new ProvincialServerOptions();
        config.GetSection(ProvincialServerOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary>Builds the web application (not started). Options must be valid (see <see cref="ProvincialServerOptions.Validate"/>).</summary>
    public static WebApplication Build(ProvincialServerOptions options, TimeProvider? timeProvider = null, Action<ILoggingBuilder>? logging = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid provincial server configuration: " + string.Join("; ", errors), nameof(options));
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        builder.Services.AddRequestDecompression();
        builder.Services.AddResponseCompression(o =>
        {
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "text/html", "application/yaml"];
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        builder.Services.AddSingleton(_ => new ProvincialStore(options.DbPath));
        builder.Services.AddSingleton(new GatewayAuthenticator(options));
        builder.Services.AddSingleton(new UploadAdmission(options.MaxConcurrentUploadsPerGateway));

        var app = builder.Build();
        app.Urls.Clear();
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            app.Urls.Add(url);
        }
        app.UseResponseCompression();
        app.UseRequestDecompression();
        BatchEndpoints.Map(app);
        CheckpointEndpoints.Map(app);
        DenyListEndpoints.Map(app);
        ReportEndpoints.Map(app);
        InfoEndpoints.Map(app);

        // Open (and create) the database before the first request, so a bad --db fails at start.
        app.Services.GetRequiredService<ProvincialStore>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CheckpointIoT.ProvincialApi");
        if (options.UsesDevTokens)
        {
            // No log line carries a token: the development defaults are documented in the README, not printed.
            log.LogWarning("No gateway tokens configured (Provincial:Tokens:<gatewayId>=<token>): DEV DEFAULT in force for gateway '{GatewayId}' (its token is in gateway/CheckpointIoT.ProvincialApi/README.md). Do not use in production.",
                ProvincialServerOptions.DevGatewayId);
        }
        if (options.UsesDevAdminToken)
        {
            log.LogWarning("No admin token configured (Provincial:AdminToken): DEV DEFAULT in force (see gateway/CheckpointIoT.ProvincialApi/README.md). Do not use in production.");
        }
        return app;
    }
}
