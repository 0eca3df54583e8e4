using CheckpointIoT.ProvincialApi.Hosting;

namespace CheckpointIoT.ProvincialApi;

/// <summary>Entry point: parse options, validate, run. All wiring lives in <see cref="ProvincialServer"/>.</summary>
public static class Program
{
    public const string Usage = """
        checkpoint-provincial-api: reference provincial server for CheckpointIoT gateways (contract: GET /openapi.yaml)

        Usage: checkpoint-provincial-api [--urls URLS] [--db PATH] [--Provincial:Key=value ...]

          --urls URLS     listen URLs, ';'-separated (default http://127.0.0.1:8090; port 0 = any free port)
          --db PATH       SQLite database file (default ./data/provincial.db; created when missing)
          --help          this text

        Configuration (appsettings.json in the working directory, environment Provincial__Key, or --Provincial:Key=value):
          Provincial:Tokens:<gatewayId>=<token>   bearer token per gateway; none configured = DEV DEFAULT demo-gw/demo-token
          Provincial:AdminToken                   health-authority token for quarantine orders; default DEV demo-admin
          Provincial:MaxBatchRecords              records per batch (default 10000)
          Provincial:MaxConcurrentUploadsPerGateway  uploads in flight per gateway before 429 (default 2)
          Provincial:MaxQueuedBatches             batches waiting for the database before 503 (default 16)
          Provincial:RetryAfterSeconds            Retry-After sent with 429/503 (default 2)
          Provincial:BeaconWindowMinutes          ± minutes for the report's beacon share (default 2)

        Endpoints: POST /v1/batches, PUT /v1/checkpoints/{id}, GET /v1/checkpoints, GET /v1/denylist,
          POST|DELETE /v1/admin/quarantine-orders, GET /v1/stats, GET /v1/reports/district,
          GET /reports/district.html, GET /openapi.yaml, GET /healthz
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?" or "/?"))
        {
            Console.WriteLine(Usage);
            return 0;
        }
        ProvincialServerOptions options;
        try
        {
            options = ProvincialServer.ReadOptions(args);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}\n\n{Usage}");
            return 2;
        }
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                Console.Error.WriteLine($"configuration error: {e}");
            }
            return 2;
        }
        await using var app = ProvincialServer.Build(options);
        await app.StartAsync();
        Console.WriteLine($"provincial API listening on {string.Join(", ", app.Urls)} (db {Path.GetFullPath(options.DbPath)})");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
