using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// Pulls the deny list incrementally (GET /v1/denylist?since=cursor) every DenyListInterval and hands each page to an
/// <see cref="IDenyListSink"/>. A full snapshot (first pull, or the province's database was replaced) resets the sink first.
/// Failures are retried with the retry strategy's backoff; the last good list stays in force meanwhile.
/// </summary>
public sealed class DenyListClient
{
    private readonly ProvincialApiClient _api;
    private readonly IDenyListSink _sink;
    private readonly UploaderOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly IRetryStrategy _retry;
    private readonly UploaderStatus? _status;

    /// <param name="initialCursor">The cursor the sink persisted last time (null = start with a full snapshot).</param>
    /// <param name="status">Optional: the uploader's status object, to expose pulls/failures in /metrics.</param>
    public DenyListClient(ProvincialApiClient api, IDenyListSink sink, UploaderOptions options, string? initialCursor = null,
        ILogger? logger = null, UploaderStatus? status = null, TimeProvider? time = null, IRetryStrategy? retryStrategy = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _retry = retryStrategy ?? new ExponentialBackoffRetryStrategy(options);
        _status = status;
        Cursor = initialCursor;
    }

    public string? Cursor { get; private set; }

    public DateTimeOffset? LastSuccessUtc { get; private set; }

    /// <summary>Fetches pages until the province has nothing more; returns (added, removed) totals. Throws <see cref="ProvincialApiException"/>.</summary>
    public async Task<(int Added, int Removed)> PullOnceAsync(CancellationToken ct)
    {
        int added = 0, removed = 0;
        for (var page = 0; page < 10_000; page++)
        {
            var delta = await _api.GetDenyListAsync(Cursor, _options.DenyListPageSize, ct);
            if (delta.Full)
            {
                _sink.Reset();
            }
            _sink.Apply(delta.Added, delta.Removed, delta.Cursor);
            Cursor = delta.Cursor;
            added += delta.Added.Count;
            removed += delta.Removed.Count;
            if (!delta.More)
            {
                break;
            }
        }
        LastSuccessUtc = _time.GetUtcNow();
        if (_status is not null)
        {
            _status.AddDenyListPull();
            _status.DenyListCursor = Cursor;
            _status.DenyListLastSuccessUtc = LastSuccessUtc;
        }
        return (added, removed);
    }

    /// <summary>Pulls now and then every DenyListInterval until cancelled. Never throws for API failures.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var attempt = 0;
        while (!ct.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                var (added, removed) = await PullOnceAsync(ct);
                attempt = 0;
                delay = _options.DenyListInterval;
                if (added + removed > 0)
                {
                    _log.LogInformation("Deny list updated: +{Added} -{Removed} (cursor {Cursor})", added, removed, Cursor);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (ProvincialApiException ex)
            {
                attempt++;
                _status?.AddDenyListFailure();
                if (!_retry.ShouldRetry(attempt, ex.Error, out delay))
                {
                    delay = _options.DenyListInterval;
                }
                if (delay > _options.DenyListInterval)
                {
                    delay = _options.DenyListInterval;
                }
                _log.LogWarning("Deny list pull failed (attempt {Attempt}): {Error}; next try in {Delay:0} s", attempt, ex.Error, delay.TotalSeconds);
            }
            catch (Exception ex)
            {
                // The sink (the gateway's store) failed: keep pulling later; the list in force stays as it was.
                attempt++;
                _status?.AddDenyListFailure();
                delay = _options.DenyListInterval;
                _log.LogError(ex, "Deny list could not be applied (attempt {Attempt}); next try in {Delay:0} s", attempt, delay.TotalSeconds);
            }
            try
            {
                await Task.Delay(delay, _time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
