using CheckpointIoT.Gateway.Configuration;
using CheckpointIoT.Gateway.Storage;

namespace CheckpointIoT.Gateway.Retention;

/// <summary>
/// Erases personal fields older than Gateway:RetentionDays (default 21, FORMATS.md §4) every
/// Gateway:PurgeIntervalMinutes, starting right after start-up. What it erases: see <see cref="GatewayStore.Purge"/>.
/// </summary>
public sealed class RetentionPurgeService : BackgroundService
{
    private readonly GatewayStore _store;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionPurgeService> _logger;

    public RetentionPurgeService(GatewayStore store, GatewayOptions options, TimeProvider time, ILogger<RetentionPurgeService> logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>One purge now; returns what it erased.</summary>
    public PurgeResult PurgeOnce()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var result = _store.Purge(now - _options.RetentionDays * 86_400_000L, now);
        if (result.CheckinsErased + result.PresenceRecordsErased + result.OutboxExpired > 0)
        {
            _logger.LogInformation(
                "retention purge ({Days} days): personal fields erased from {Checkins} check-ins and {Presence} presence records; {Expired} outbox entries expired unsent",
                _options.RetentionDays, result.CheckinsErased, result.PresenceRecordsErased, result.OutboxExpired);
        }

        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(_options.PurgeIntervalMinutes), _time);
        do
        {
            try
            {
                PurgeOnce();
            }
            catch (Exception ex)
            {
                _logger.LogError("retention purge failed: {Error}", ex.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
