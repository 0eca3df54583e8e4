using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// Pulls the deny list incrementally (GET /v1/denylist?since=cursor) every DenyListInterval and hands each page to an
/// <see cref="IDenyListSink"/>. A full snapshot (first pull, or the province's database was replaced) resets the sink first.
/// Failures are retried by a Polly.Core retry (<see cref="UploadBackoff"/> delays, at most DenyListInterval; a sink
/// failure or a refused request waits DenyListInterval); the last good list stays in force meanwhile.
/// </summary>
public sealed class DenyListClient
{
    private readonly ProvincialApiClient _api;
    private readonly IDenyListSink _sink;
    private readonly UploaderOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly UploadBackoff _backoff;
    private readonly ResiliencePipeline _pipeline;
    private readonly UploaderStatus? _status;

    /// <param name="initialCursor">The cursor the sink persisted last time (null = start with a full snapshot).</param>
    /// <param name="status">Optional: the uploader's status object, to expose pulls/failures in /metrics.</param>
    public DenyListClient(ProvincialApiClient api, IDenyListSink sink, UploaderOptions options, string? initialCursor = null,
        ILogger? logger = null, UploaderStatus? status = null, TimeProvider? time = null, Func<double>? random = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _backoff = new UploadBackoff(options, random);
        _status = status;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = _time, Name = "denylist-retry" }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && ex is not OperationCanceledException),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelay(args.AttemptNumber + 1, args.Outcome.Exception!)),
                OnRetry = args =>
                {
                    OnFailure(args.AttemptNumber + 1, args.Outcome.Exception!, args.RetryDelay);
                    return default;
                },
            })
            .Build();
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

    /// <summary>Pulls now and then every DenyListInterval until cancelled (failed pulls retried). Never throws for API failures.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var (added, removed) = await _pipeline.ExecuteAsync(async token => await PullOnceAsync(token), ct);
                if (added + removed > 0)
                {
                    _log.LogInformation("Deny list updated: +{Added} -{Removed} (cursor {Cursor})", added, removed, Cursor);
                }
                await Task.Delay(_options.DenyListInterval, _time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private TimeSpan RetryDelay(int attempt, Exception failure)
    {
        if (failure is ProvincialApiException api && _backoff.DelayFor(attempt, api.Error) is { } delay)
        {
            return delay < _options.DenyListInterval ? delay : _options.DenyListInterval;
        }
        return _options.DenyListInterval; // a refused request, or the sink (the gateway's store) failed
    }

    private void OnFailure(int attempt, Exception failure, TimeSpan delay)
    {
        _status?.AddDenyListFailure();
        if (failure is ProvincialApiException api)
        {
            _log.LogWarning("Deny list pull failed (attempt {Attempt}): {Error}; next try in {Delay:0} s", attempt, api.Error, delay.TotalSeconds);
        }
        else
        {
            _log.LogError(failure, "Deny list could not be applied (attempt {Attempt}); next try in {Delay:0} s", attempt, delay.TotalSeconds);
        }
    }
}
