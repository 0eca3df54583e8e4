using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;

namespace CheckpointIoT.Gateway.Upload;

/// <summary>
/// Store-and-forward uploader: reads the outbox oldest first, sends batches (full at MaxBatchRecords, or partial once
/// the oldest record waited MaxBatchAge) as gzip'd columnar JSON with a content-derived batch id, and records the
/// province's per-record answer in the outbox (uploaded / rejected with reason). Transient failures retry the very
/// same batch through a Polly.Core retry (delays from <see cref="UploadBackoff"/>, honouring Retry-After) around a
/// Polly circuit breaker that stops hammering a dead server. What it is doing is <see cref="State"/>
/// (<see cref="UploaderStateMachine"/>). The outbox states are the checkpoint: after a restart the uploader resumes
/// with what is still pending.
/// <para>Built by the composition root (a DI singleton, see GatewayApp); <c>UploadHostedService</c> runs
/// <see cref="RunAsync"/>. Call <see cref="Nudge"/> after new records are stored to skip the idle poll.</para>
/// Not re-entrant: run either <see cref="RunAsync"/> or <see cref="UploadOnceAsync"/> calls (they share one gate).
/// </summary>
public sealed class ProvincialUploader : IUploadPipelineEvents
{
    /// <summary>The province's code for a record whose checkpoint no gateway registered.</summary>
    private const string CheckpointNotRegistered = "checkpoint_not_registered";

    private readonly IOutboxStore _store;
    private readonly ProvincialApiClient _api;
    private readonly UploaderOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly UploadPipelines _pipelines;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly HashSet<string> _unregistered; // guarded by itself: the upload loop and ApplyAsync both touch it
    private readonly HashSet<string> _registrationRefused = new(StringComparer.Ordinal);
    private UploadBatch? _inFlight;
    private int _registrationFailures;
    private int _attempt;
    private int _batchLimit;
    private bool _alarmRaised;
    private bool _warningRaised;

    /// <param name="store">The outbox (the SQLite store, or a fake in tests).</param>
    /// <param name="api">HTTP transport (shared with <see cref="DenyListClient"/>).</param>
    /// <param name="options">Validated with <see cref="UploaderOptions.Validate"/> here; throws GatewayConfigException when bad.</param>
    /// <param name="logger">Optional.</param>
    /// <param name="time">Clock of the retry delays, the breaker, lag and Retry-After (Polly uses it too); default the system clock.</param>
    /// <param name="random">Uniform [0, 1) source of the retry jitter; default <see cref="Random.Shared"/>.</param>
    public ProvincialUploader(IOutboxStore store, ProvincialApiClient api, UploaderOptions options, ILogger? logger = null,
        TimeProvider? time = null, Func<double>? random = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _log = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        Backoff = new UploadBackoff(options, random);
        StateMachine = new UploaderStateMachine(_time);
        StateMachine.StateChanged += (_, to) => Status.State = to;
        _pipelines = new UploadPipelines(options, Backoff, _time, this);
        _batchLimit = options.MaxBatchRecords;
        _unregistered = new HashSet<string>(options.Checkpoints.Keys, StringComparer.Ordinal);
        Status.BatchLimit = _batchLimit;
    }

    public UploaderStatus Status { get; } = new();

    /// <summary>Idle / Sending / BackingOff / CircuitOpen / Stopped, with every transition in one class.</summary>
    public UploaderStateMachine StateMachine { get; }

    public UploaderState State => StateMachine.State;

    /// <summary>The Polly circuit breaker's state (Closed / Open / HalfOpen).</summary>
    public CircuitState BreakerState => _pipelines.Breaker.CircuitState;

    /// <summary>The retry delays (Polly's DelayGenerator).</summary>
    public UploadBackoff Backoff { get; }

    /// <summary>Checkpoints from Upload:Checkpoints not yet registered with the province.</summary>
    public IReadOnlyCollection<string> UnregisteredCheckpoints
    {
        get
        {
            lock (_unregistered)
            {
                return _unregistered.ToArray();
            }
        }
    }

    /// <summary>Wakes an idle <see cref="RunAsync"/> (e.g. right after the store appended records).</summary>
    public void Nudge()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // already awake
        }
    }

    /// <summary>
    /// The upload loop (plus, beside it, outbox statistics, the summary log line and checkpoint registration);
    /// returns when <paramref name="ct"/> is cancelled. Never throws for upload or store failures.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        _log.LogInformation("Uploader started: {BaseUrl} as {GatewayId}, batches of up to {MaxRecords} records or {MaxAge} s",
            _options.BaseUri, _options.GatewayId, _options.MaxBatchRecords, _options.MaxBatchAge.TotalSeconds);
        StateMachine.Start();
        try
        {
            await Task.WhenAll(UploadLoopAsync(ct), HousekeepingLoopAsync(ct)).ConfigureAwait(false);
        }
        finally
        {
            StateMachine.Stop();
            LogSummary();
            _log.LogInformation("Uploader stopped");
        }
    }

    /// <summary>
    /// One attempt: the batch in flight (after a transient failure) or up to MaxBatchRecords pending records,
    /// whatever their age, through the circuit breaker (no retry, no wait: the result says how long to wait).
    /// </summary>
    public Task<UploadResult> UploadOnceAsync(CancellationToken ct) => UploadCoreAsync(null, retry: false, ct);

    /// <summary>Reads outbox statistics into <see cref="Status"/> (lag, pending, bytes) and raises/clears the disk alarm.</summary>
    public async Task RefreshStatsAsync(CancellationToken ct)
    {
        var stats = await _store.GetStatsAsync(ct);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        Status.PendingRecords = stats.PendingCount;
        Status.RejectedInOutbox = stats.RejectedCount;
        Status.OutboxBytes = stats.Bytes;
        Status.LagSeconds = stats.PendingCount > 0 && stats.OldestPendingMs is { } oldest ? Math.Max(0, now - oldest) / 1000.0 : 0;
        Status.BreakerState = BreakerState;

        var over = stats.Bytes >= _options.MaxOutboxBytes;
        var near = stats.Bytes >= _options.MaxOutboxBytes * _options.OutboxWarningFraction;
        Status.OutboxOverLimit = over;
        Status.OutboxNearLimit = near;
        if (over && !_alarmRaised)
        {
            _log.LogError("ALARM outbox disk use {Bytes} bytes reached the limit Upload:MaxOutboxBytes={Limit}: {Pending} records pending, upload lag {Lag:0} s. Check the provincial link; records are kept, nothing is dropped.",
                stats.Bytes, _options.MaxOutboxBytes, stats.PendingCount, Status.LagSeconds);
        }
        else if (!over && _alarmRaised)
        {
            _log.LogInformation("Outbox disk use back under the limit ({Bytes} of {Limit} bytes)", stats.Bytes, _options.MaxOutboxBytes);
        }
        else if (near && !over && !_warningRaised)
        {
            _log.LogWarning("Outbox disk use {Bytes} bytes is above {Fraction:P0} of Upload:MaxOutboxBytes={Limit}; upload lag {Lag:0} s",
                stats.Bytes, _options.OutboxWarningFraction, _options.MaxOutboxBytes, Status.LagSeconds);
        }
        _alarmRaised = over;
        _warningRaised = near;
    }

    /// <summary>Registers the checkpoints of Upload:Checkpoints still unregistered. Returns how many remain (transient failures).</summary>
    public async Task<int> RegisterCheckpointsAsync(CancellationToken ct)
    {
        foreach (var id in UnregisteredCheckpoints)
        {
            try
            {
                await _api.RegisterCheckpointAsync(id, _options.Checkpoints[id], ct);
                SetRegistered(id, refused: false);
                _log.LogInformation("Checkpoint {CheckpointId} registered with the province", id);
            }
            catch (ProvincialApiException ex) when (!ex.Error.IsTransient)
            {
                SetRegistered(id, refused: true);
                _log.LogError("Checkpoint {CheckpointId} registration refused: {Error}", id, ex.Error);
            }
            catch (ProvincialApiException ex)
            {
                _log.LogWarning("Checkpoint {CheckpointId} registration failed, retrying later: {Error}", id, ex.Error);
                break;
            }
        }
        return UnregisteredCheckpoints.Count;
    }

    private void SetRegistered(string id, bool refused)
    {
        lock (_unregistered)
        {
            _unregistered.Remove(id);
            if (refused)
            {
                _registrationRefused.Add(id);
            }
        }
    }

    /// <summary>
    /// True when a record refused with checkpoint_not_registered should stay pending: its checkpoint is configured
    /// here and its registration was not refused, so it is queued for registration again (the province may have lost it).
    /// </summary>
    private bool RequeueRegistration(string checkpointId)
    {
        lock (_unregistered)
        {
            if (!_options.Checkpoints.ContainsKey(checkpointId) || _registrationRefused.Contains(checkpointId))
            {
                return false;
            }
            _unregistered.Add(checkpointId);
            return true;
        }
    }

    /// <summary>
    /// The province refuses records of checkpoints this gateway has not registered, so nothing is sent until every
    /// configured checkpoint is registered (or refused for good); failures retry with the upload backoff's bounds.
    /// Returns false after waiting, when the caller should try again.
    /// </summary>
    private async Task<bool> EnsureRegisteredAsync(CancellationToken ct)
    {
        if (UnregisteredCheckpoints.Count == 0)
        {
            _registrationFailures = 0;
            return true;
        }
        if (await RegisterCheckpointsAsync(ct) == 0)
        {
            _registrationFailures = 0;
            return true;
        }
        _registrationFailures++;
        var delay = TimeSpan.FromTicks(Math.Min(_options.RetryMaxDelay.Ticks,
            _options.PollInterval.Ticks * (1L << Math.Min(_registrationFailures, 10))));
        await Task.Delay(delay, _time, ct);
        return false;
    }

    private async Task UploadLoopAsync(CancellationToken ct)
    {
        DateTimeOffset? partialSince = null;
        var storeFailures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await EnsureRegisteredAsync(ct))
                {
                    continue;
                }
                var now = _time.GetUtcNow();
                var records = await _store.ReadPendingAsync(_batchLimit, ct);
                if (records.Count == 0)
                {
                    partialSince = null;
                    storeFailures = 0;
                    await IdleAsync(_options.PollInterval, ct);
                    continue;
                }
                if (records.Count < _batchLimit)
                {
                    partialSince ??= now;
                    var left = partialSince.Value + _options.MaxBatchAge - now;
                    if (left > TimeSpan.Zero)
                    {
                        await IdleAsync(left < _options.PollInterval ? left : _options.PollInterval, ct);
                        continue;
                    }
                }
                partialSince = null;
                await UploadCoreAsync(records, retry: true, ct); // returns once the batch is answered or given up
                storeFailures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The outbox store failed (disk, lock...): keep the process alive and try again later.
                storeFailures++;
                var delay = TimeSpan.FromTicks(Math.Min(_options.RetryMaxDelay.Ticks, _options.PollInterval.Ticks * (1L << Math.Min(storeFailures, 10))));
                Status.LastError = "outbox store: " + ex.Message;
                Status.LastErrorUtc = _time.GetUtcNow();
                _log.LogError(ex, "Uploader: outbox store failure #{Count}; retrying in {Delay:0.#} s", storeFailures, delay.TotalSeconds);
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

    /// <summary>Statistics (lag, disk alarm) and the summary line, also while a batch is being retried.</summary>
    private async Task HousekeepingLoopAsync(CancellationToken ct)
    {
        var nextSummary = _time.GetUtcNow() + _options.StatusLogInterval;
        var first = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RefreshStatsAsync(ct);
                if (first && Status.PendingRecords > 0)
                {
                    _log.LogInformation("Resuming: {Pending} records pending in the outbox, oldest {Lag:0} s old", Status.PendingRecords, Status.LagSeconds);
                }
                first = false;
                var now = _time.GetUtcNow();
                if (now >= nextSummary)
                {
                    LogSummary();
                    nextSummary = now + _options.StatusLogInterval;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _log.LogWarning(ex, "Uploader: outbox statistics could not be read");
            }
            try
            {
                await Task.Delay(_options.StatsInterval, _time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<UploadResult> UploadCoreAsync(IReadOnlyList<OutboxRecord>? preRead, bool retry, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var batch = _inFlight;
            if (batch is null)
            {
                var records = preRead ?? await _store.ReadPendingAsync(_batchLimit, ct);
                if (records.Count == 0)
                {
                    return UploadResult.Empty;
                }
                batch = BatchEncoder.Encode(_options.GatewayId, records, _time.GetUtcNow(), _options.UtcOffset, _options.Compression);
            }
            _inFlight = batch;

            var outcome = await ExecuteAsync(retry ? _pipelines.WithRetry : _pipelines.SingleAttempt, batch, ct);
            if (outcome.Exception is BrokenCircuitException open)
            {
                // Only without retry: the retry pipeline waits out an open breaker itself.
                StateMachine.Blocked();
                Status.BreakerState = BreakerState;
                return new UploadResult(UploadOutcome.BreakerOpen, batch.BatchId, 0, 0, 0, 0, null, UploadPipelines.BreakWait(open, _options));
            }
            if (outcome.Exception is { } ex)
            {
                ExceptionDispatchInfo.Capture(ex).Throw();
            }
            var sent = outcome.Result!;
            Status.BreakerState = BreakerState;
            if (sent.Response is { } response)
            {
                _inFlight = null;
                _attempt = 0;
                Status.ConsecutiveFailures = 0;
                StateMachine.Answered();
                var result = await ApplyAsync(batch, response, ct);
                Status.LastSuccessUtc = _time.GetUtcNow();
                return result;
            }
            return await HandleFailureAsync(batch, sent.Error!, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <see cref="AttemptAsync"/> through a pipeline; exceptions come back in the outcome.</summary>
    private async Task<Outcome<BatchSendResult>> ExecuteAsync(ResiliencePipeline<BatchSendResult> pipeline, UploadBatch batch, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            return await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Self.AttemptAsync(state.Batch, ctx.CancellationToken));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<BatchSendResult>(ex);
                    }
                },
                context,
                (Self: this, Batch: batch));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One POST of <paramref name="batch"/> (the same bytes on every retry); counts the failure if it fails.</summary>
    private async Task<BatchSendResult> AttemptAsync(UploadBatch batch, CancellationToken ct)
    {
        StateMachine.BeginSend();
        Status.LastBatchId = batch.BatchId;
        var sent = await _api.SendBatchAsync(batch, ct);
        Status.AddBytes(batch.Body.Length);
        if (sent.Error is { } error)
        {
            Status.AddFailure();
            Status.LastError = error.ToString();
            Status.LastErrorUtc = _time.GetUtcNow();
            Status.ConsecutiveFailures = error.IsTransient ? Status.ConsecutiveFailures + 1 : 0;
        }
        return sent;
    }

    private async Task<UploadResult> HandleFailureAsync(UploadBatch batch, UploadError error, CancellationToken ct)
    {
        if (error.Kind == UploadErrorKind.PayloadTooLarge && batch.Count > 1)
        {
            _batchLimit = Math.Max(1, batch.Count / 2);
            Status.BatchLimit = _batchLimit;
            _inFlight = null;
            _attempt = 0;
            StateMachine.Answered();
            _log.LogWarning("Batch {BatchId} too large ({Records} records, {Bytes} bytes): batch size lowered to {Limit}",
                batch.BatchId, batch.Count, batch.Body.Length, _batchLimit);
            return new UploadResult(UploadOutcome.Split, batch.BatchId, batch.Count, 0, 0, 0, error, TimeSpan.Zero);
        }
        _attempt++;
        if (Backoff.DelayFor(_attempt, error) is { } delay)
        {
            // Single-step mode (the retry pipeline handles these itself): report the delay it would wait;
            // the next call resends the same batch.
            if (BreakerState == CircuitState.Open)
            {
                StateMachine.Blocked();
            }
            else
            {
                StateMachine.Failed();
            }
            LogRetry(batch, _attempt, error, delay);
            return new UploadResult(UploadOutcome.Failed, batch.BatchId, batch.Count, 0, 0, 0, error, delay);
        }

        // Permanent refusal of the batch as such: its records are kept as rejected with the reason.
        _inFlight = null;
        _attempt = 0;
        StateMachine.Answered();
        var reason = $"http_{error.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "error"}: {error.Message}";
        foreach (var r in batch.All)
        {
            await _store.MarkRejectedAsync(r.OutboxId, Truncate(reason), ct);
        }
        Status.AddRejected(batch.Count);
        _log.LogError("Batch {BatchId} refused by the province ({Error}): {Records} records kept as rejected", batch.BatchId, error, batch.Count);
        return new UploadResult(UploadOutcome.Rejected, batch.BatchId, batch.Count, 0, 0, batch.Count, error, TimeSpan.Zero);
    }

    private async Task<UploadResult> ApplyAsync(UploadBatch batch, BatchResponse response, CancellationToken ct)
    {
        var rejected = new HashSet<long>();
        var kept = new HashSet<long>();
        foreach (var rej in response.Rejected)
        {
            var record = Locate(batch, rej);
            if (record is null)
            {
                _log.LogWarning("Batch {BatchId}: the province rejected an unknown record ({Section}[{Index}] {Id})", batch.BatchId, rej.Section, rej.Index, rej.Id);
                continue;
            }
            if (rej.Code == CheckpointNotRegistered)
            {
                if (RequeueRegistration(record.CheckpointId))
                {
                    // Ours but unknown there: kept pending, sent again once the checkpoint is registered again.
                    kept.Add(record.OutboxId);
                    continue;
                }
                _log.LogError("Batch {BatchId}: record {RecordId} is for checkpoint {CheckpointId}, which this gateway does not register (Upload:Checkpoints); kept as rejected",
                    batch.BatchId, record.RecordId, record.CheckpointId);
            }
            if (rejected.Add(record.OutboxId))
            {
                await _store.MarkRejectedAsync(record.OutboxId, Truncate($"{rej.Code}: {rej.Reason}"), ct);
            }
        }
        if (response.StatusCode == 422)
        {
            // Nothing was stored: every record not rejected individually is rejected with the batch's reason.
            var reason = Truncate("batch_refused: " + (response.Error ?? "the province refused the batch (422)"));
            foreach (var r in batch.All)
            {
                if (!kept.Contains(r.OutboxId) && rejected.Add(r.OutboxId))
                {
                    await _store.MarkRejectedAsync(r.OutboxId, reason, ct);
                }
            }
            Status.AddRejected(rejected.Count);
            _log.LogError("Batch {BatchId} refused (422): {Error}; {Records} records kept as rejected", batch.BatchId, response.Error ?? response.Rejected.FirstOrDefault()?.Code, rejected.Count);
            return new UploadResult(UploadOutcome.Rejected, batch.BatchId, batch.Count, 0, 0, rejected.Count, null, TimeSpan.Zero);
        }

        var uploaded = batch.All.Where(r => !rejected.Contains(r.OutboxId) && !kept.Contains(r.OutboxId)).Select(r => r.OutboxId).Distinct().ToList();
        if (uploaded.Count > 0)
        {
            await _store.MarkUploadedAsync(uploaded, ct);
        }
        var duplicates = Math.Min(response.Duplicates, uploaded.Count);
        Status.AddUploaded(uploaded.Count, duplicates);
        Status.AddRejected(rejected.Count);
        Status.AddBatch();
        if (rejected.Count > 0)
        {
            _log.LogWarning("Batch {BatchId}: {Rejected} of {Records} records rejected by the province (first: {Reason}); kept in the outbox",
                batch.BatchId, rejected.Count, batch.Count, response.Rejected.FirstOrDefault()?.Code);
        }
        _log.LogDebug("Batch {BatchId}: HTTP {Status}, {Uploaded} uploaded ({Duplicates} already there), {Rejected} rejected, {Bytes} bytes",
            batch.BatchId, response.StatusCode, uploaded.Count, duplicates, rejected.Count, batch.Body.Length);
        var outcome = response.StatusCode switch
        {
            409 => UploadOutcome.Duplicate,
            207 => UploadOutcome.Partial,
            _ => rejected.Count > 0 ? UploadOutcome.Partial : UploadOutcome.Uploaded,
        };
        return new UploadResult(outcome, batch.BatchId, batch.Count, uploaded.Count - duplicates, duplicates, rejected.Count, null, TimeSpan.Zero);
    }

    private static OutboxRecord? Locate(UploadBatch batch, RecordRejection rej)
    {
        var section = rej.Section switch
        {
            "checkins" => batch.CheckIns,
            "presence" => batch.Presence,
            _ => null,
        };
        if (section is not null && rej.Index >= 0 && rej.Index < section.Count && (rej.Id is null || section[rej.Index].RecordId == rej.Id))
        {
            return section[rej.Index];
        }
        return rej.Id is null ? null : batch.All.FirstOrDefault(r => r.RecordId == rej.Id);
    }

    private async Task IdleAsync(TimeSpan timeout, CancellationToken ct)
    {
        await _wake.WaitAsync(timeout, ct);
    }

    private void LogSummary()
    {
        _log.LogInformation("Upload: {State}, pending {Pending}, lag {Lag:0} s, uploaded {Uploaded} ({Duplicates} already there), rejected {Rejected}, failures {Failures}, breaker {Breaker}, outbox {Bytes} bytes",
            State, Status.PendingRecords, Status.LagSeconds, Status.RecordsUploaded, Status.RecordsDuplicate, Status.RecordsRejected,
            Status.BatchFailures, BreakerState, Status.OutboxBytes);
    }

    private void LogRetry(UploadBatch batch, int attempt, UploadError error, TimeSpan delay)
    {
        var level = attempt == 1 || attempt % 10 == 0 ? LogLevel.Warning : LogLevel.Debug;
        _log.Log(level, "Upload of batch {BatchId} ({Records} records) failed (attempt {Attempt}): {Error}; retry in {Delay:0.#} s",
            batch.BatchId, batch.Count, attempt, error, delay.TotalSeconds);
    }

    void IUploadPipelineEvents.BreakerOpened(TimeSpan breakDuration)
    {
        Status.AddBreakerOpened();
        Status.BreakerState = CircuitState.Open;
        _log.LogWarning("Upload circuit breaker -> Open after {Failures} consecutive failures; next probe in {Seconds:0.#} s (last error: {Error})",
            Status.ConsecutiveFailures, breakDuration.TotalSeconds, Status.LastError);
    }

    void IUploadPipelineEvents.BreakerHalfOpened()
    {
        Status.BreakerState = CircuitState.HalfOpen;
        _log.LogInformation("Upload circuit breaker -> HalfOpen: one probe upload");
    }

    void IUploadPipelineEvents.BreakerClosed()
    {
        Status.BreakerState = CircuitState.Closed;
        _log.LogInformation("Upload circuit breaker -> Closed");
    }

    void IUploadPipelineEvents.Retrying(int attempt, TimeSpan delay, UploadError? error, bool breakerOpen)
    {
        if (breakerOpen || BreakerState == CircuitState.Open)
        {
            StateMachine.Blocked();
        }
        else
        {
            StateMachine.Failed();
        }
        if (error is not null && _inFlight is { } batch)
        {
            LogRetry(batch, attempt, error, delay);
        }
    }

    private static string Truncate(string s) => s.Length <= 500 ? s : s[..500];
}
