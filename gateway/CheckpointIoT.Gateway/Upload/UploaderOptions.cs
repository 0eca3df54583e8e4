using System.IO.Compression;
using CheckpointIoT.Gateway.Configuration;

namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// Config section "Upload" (Upload:BaseUrl, Upload:Token, ...). Validated at start by <see cref="Validate"/>,
/// which throws <see cref="GatewayConfigException"/> naming the bad key.
/// </summary>
public sealed class UploaderOptions
{
    public const string SectionName = "Upload";

    /// <summary>False disables uploading and deny-list pulls (the outbox keeps filling; the disk alarm still applies).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Provincial API root, e.g. https://tracing.example.gov.vn/api/ (http allowed for loopback/dev).</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:8090/";

    /// <summary>This gateway's id at the province (the token identifies it; the id is used in batch ids and logs).</summary>
    public string GatewayId { get; set; } = "";

    /// <summary>Bearer token issued by the province for this gateway. Never logged.</summary>
    public string Token { get; set; } = "";

    /// <summary>Records per batch (a full batch is sent at once).</summary>
    public int MaxBatchRecords { get; set; } = 2000;

    /// <summary>A partial batch is sent once records have waited this long.</summary>
    public TimeSpan MaxBatchAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle uploader looks at the outbox.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whole-request timeout of one upload (send + server work + answer).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP/TLS connect timeout.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay; doubles per failed attempt (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A server's Retry-After is honoured up to this bound.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Polly's minimum throughput: at least this many attempts within <see cref="BreakerSamplingDuration"/> before the breaker may open (2 or more).</summary>
    public int BreakerFailureThreshold { get; set; } = 5;

    /// <summary>The breaker opens when at least this fraction of the attempts within <see cref="BreakerSamplingDuration"/> failed (0 &lt; x ≤ 1).</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>The window over which the breaker counts attempts and failures (at least 0.5 s).</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the breaker stays open before one probe upload is allowed (at least 0.5 s).</summary>
    public TimeSpan BreakerOpenDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Alarm when the outbox uses at least this many bytes on disk.</summary>
    public long MaxOutboxBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Warning at this fraction of <see cref="MaxOutboxBytes"/>.</summary>
    public double OutboxWarningFraction { get; set; } = 0.8;

    /// <summary>How often outbox statistics (lag, bytes) are refreshed while uploading.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a one-line upload summary is logged (when something is pending or changed).</summary>
    public TimeSpan StatusLogInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>gzip level of request bodies.</summary>
    public CompressionLevel Compression { get; set; } = CompressionLevel.Optimal;

    /// <summary>Offset of the timestamps sent (Vietnam: +07:00).</summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(7);

    /// <summary>How often the deny list is pulled.</summary>
    public TimeSpan DenyListInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Deny-list changes per page.</summary>
    public int DenyListPageSize { get; set; } = 5000;

    /// <summary>Checkpoints this gateway registers with the province (id → name, unit, district).</summary>
    public Dictionary<string, CheckpointRegistrationOptions> Checkpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The largest batch the reference server accepts.</summary>
    public const int MaxBatchRecordsLimit = 10_000;

    /// <summary><see cref="BaseUrl"/> with a trailing slash (relative paths resolve under it).</summary>
    public Uri BaseUri => new(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);

    /// <summary>Throws <see cref="GatewayConfigException"/> naming the first bad key.</summary>
    public void Validate(string prefix = SectionName)
    {
        if (!Enabled)
        {
            return;
        }
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new GatewayConfigException(prefix + ":BaseUrl", $"must be an absolute http(s) URL (got '{BaseUrl}')");
        }
        if (string.IsNullOrEmpty(GatewayId) || GatewayId.Length > 64 || !GatewayId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new GatewayConfigException(prefix + ":GatewayId", "must be 1-64 characters of A-Z a-z 0-9 . _ -");
        }
        if (string.IsNullOrWhiteSpace(Token) || Token.Any(char.IsWhiteSpace))
        {
            throw new GatewayConfigException(prefix + ":Token", "must be set (the bearer token the province issued; no spaces)");
        }
        if (MaxBatchRecords is < 1 or > MaxBatchRecordsLimit)
        {
            throw new GatewayConfigException(prefix + ":MaxBatchRecords", $"must be 1..{MaxBatchRecordsLimit} (got {MaxBatchRecords})");
        }
        Positive(prefix + ":MaxBatchAge", MaxBatchAge);
        Positive(prefix + ":PollInterval", PollInterval);
        Positive(prefix + ":RequestTimeout", RequestTimeout);
        Positive(prefix + ":ConnectTimeout", ConnectTimeout);
        Positive(prefix + ":RetryBaseDelay", RetryBaseDelay);
        Positive(prefix + ":RetryMaxDelay", RetryMaxDelay);
        if (RetryMaxDelay < RetryBaseDelay)
        {
            throw new GatewayConfigException(prefix + ":RetryMaxDelay", "must not be less than RetryBaseDelay");
        }
        Positive(prefix + ":MaxRetryAfter", MaxRetryAfter);
        if (BreakerFailureThreshold < 2)
        {
            throw new GatewayConfigException(prefix + ":BreakerFailureThreshold", $"must be at least 2 (got {BreakerFailureThreshold})");
        }
        if (!(BreakerFailureRatio > 0 && BreakerFailureRatio <= 1))
        {
            throw new GatewayConfigException(prefix + ":BreakerFailureRatio", $"must be in (0, 1] (got {BreakerFailureRatio})");
        }
        AtLeastHalfSecond(prefix + ":BreakerSamplingDuration", BreakerSamplingDuration);
        AtLeastHalfSecond(prefix + ":BreakerOpenDuration", BreakerOpenDuration);
        if (MaxOutboxBytes < 1024 * 1024)
        {
            throw new GatewayConfigException(prefix + ":MaxOutboxBytes", $"must be at least 1 MiB (got {MaxOutboxBytes})");
        }
        if (OutboxWarningFraction is <= 0 or > 1)
        {
            throw new GatewayConfigException(prefix + ":OutboxWarningFraction", "must be in (0, 1]");
        }
        Positive(prefix + ":StatsInterval", StatsInterval);
        Positive(prefix + ":StatusLogInterval", StatusLogInterval);
        Positive(prefix + ":DenyListInterval", DenyListInterval);
        if (DenyListPageSize is < 1 or > 50_000)
        {
            throw new GatewayConfigException(prefix + ":DenyListPageSize", "must be 1..50000");
        }
        if (UtcOffset < TimeSpan.FromHours(-14) || UtcOffset > TimeSpan.FromHours(14) || UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new GatewayConfigException(prefix + ":UtcOffset", "must be whole minutes between -14:00 and +14:00");
        }
        foreach (var (id, cp) in Checkpoints)
        {
            var key = $"{prefix}:Checkpoints:{id}";
            if (string.IsNullOrEmpty(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                throw new GatewayConfigException(key, "checkpoint id must be 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            if (cp is null || string.IsNullOrWhiteSpace(cp.Name) || string.IsNullOrWhiteSpace(cp.Unit) || string.IsNullOrWhiteSpace(cp.District))
            {
                throw new GatewayConfigException(key, "Name, Unit and District are required");
            }
        }
    }

    private static void AtLeastHalfSecond(string key, TimeSpan value)
    {
        if (value < TimeSpan.FromMilliseconds(500))
        {
            throw new GatewayConfigException(key, $"must be at least 00:00:00.5 (got {value})");
        }
    }

    private static void Positive(string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new GatewayConfigException(key, $"must be positive (got {value})");
        }
    }
}
