using CheckpointIoT.ProvincialApi.Contract;

namespace CheckpointIoT.ProvincialApi.Hosting;

/// <summary>
/// Settings of the reference provincial server. Bound from the "Provincial" configuration section
/// (appsettings.json, environment variables Provincial__X, or command line --Provincial:X=value);
/// --urls and --db are accepted as shortcuts.
/// </summary>
public sealed class ProvincialServerOptions
{
    public const string SectionName = "Provincial";
    public const string DevGatewayId = "demo-gw";
    public const string DevGatewayToken = "demo-token";
    public const string DevAdminToken = "demo-admin";

    /// <summary>Listen URLs (semicolon separated). Port 0 picks a free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8090";

    /// <summary>SQLite database file (created with its directory when missing).</summary>
    public string DbPath { get; set; } = "./data/provincial.db";

    /// <summary>Gateway id to bearer token. Empty means the dev default demo-gw/demo-token (with a warning).</summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Bearer token of the health authority (quarantine orders). Empty means the dev default "demo-admin".</summary>
    public string AdminToken { get; set; } = "";

    /// <summary>Largest number of records accepted in one batch.</summary>
    public int MaxBatchRecords { get; set; } = 10_000;

    /// <summary>Largest request body, after decompression.</summary>
    public long MaxRequestBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Uploads a single gateway may have in flight; more get 429 with Retry-After.</summary>
    public int MaxConcurrentUploadsPerGateway { get; set; } = 2;

    /// <summary>Batches allowed to wait for the single database writer; more get 503 with Retry-After.</summary>
    public int MaxQueuedBatches { get; set; } = 16;

    /// <summary>Retry-After (seconds) sent with 429 and 503.</summary>
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>A check-in has a tracing-app beacon present when a tracing beacon was seen at its checkpoint within this many minutes.</summary>
    public int BeaconWindowMinutes { get; set; } = 2;

    /// <summary>Offset used in every timestamp the server writes (Vietnam: +07:00, no daylight saving).</summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(7);

    /// <summary>True when no token was configured and the dev defaults are in force.</summary>
    public bool UsesDevTokens => Tokens.Count == 0;

    /// <summary>True when no admin token was configured and the dev default is in force.</summary>
    public bool UsesDevAdminToken => string.IsNullOrEmpty(AdminToken);

    /// <summary>The tokens actually in force (the dev default when none configured).</summary>
    public IReadOnlyDictionary<string, string> EffectiveTokens =>
        UsesDevTokens ? new Dictionary<string, string> { [DevGatewayId] = DevGatewayToken } : Tokens;

    /// <summary>The admin token actually in force.</summary>
    public string EffectiveAdminToken => UsesDevAdminToken ? DevAdminToken : AdminToken;

    /// <summary>Returns the problems of this configuration, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Urls))
        {
            errors.Add("--urls (Provincial:Urls) must not be empty");
        }
        if (string.IsNullOrWhiteSpace(DbPath))
        {
            errors.Add("--db (Provincial:DbPath) must not be empty");
        }
        foreach (var (gatewayId, token) in Tokens)
        {
            if (!WireRules.IsValidGatewayId(gatewayId))
            {
                errors.Add($"Provincial:Tokens:{gatewayId}: gateway id must be 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            if (string.IsNullOrWhiteSpace(token) || token.Length < 8)
            {
                errors.Add($"Provincial:Tokens:{gatewayId}: token must be at least 8 characters");
            }
        }
        if (!UsesDevAdminToken && AdminToken.Length < 8)
        {
            errors.Add("Provincial:AdminToken must be at least 8 characters");
        }
        if (MaxBatchRecords is < 1 or > 100_000)
        {
            errors.Add("Provincial:MaxBatchRecords must be between 1 and 100000");
        }
        if (MaxRequestBytes < 1024)
        {
            errors.Add("Provincial:MaxRequestBytes must be at least 1024");
        }
        if (MaxConcurrentUploadsPerGateway < 1)
        {
            errors.Add("Provincial:MaxConcurrentUploadsPerGateway must be at least 1");
        }
        if (MaxQueuedBatches < 1)
        {
            errors.Add("Provincial:MaxQueuedBatches must be at least 1");
        }
        if (RetryAfterSeconds is < 1 or > 3600)
        {
            errors.Add("Provincial:RetryAfterSeconds must be between 1 and 3600");
        }
        if (BeaconWindowMinutes is < 0 or > 60)
        {
            errors.Add("Provincial:BeaconWindowMinutes must be between 0 and 60");
        }
        if (UtcOffset < TimeSpan.FromHours(-14) || UtcOffset > TimeSpan.FromHours(14))
        {
            errors.Add("Provincial:UtcOffset must be between -14:00 and +14:00");
        }
        return errors;
    }
}
